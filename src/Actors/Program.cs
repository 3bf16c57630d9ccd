using Flock.Actors.Cli;

return FlockCli.Run(args);
