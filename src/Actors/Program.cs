using Flock.Actors.Cli;

StandardStreams.EnsureOpen();
return FlockCli.Run(args);
