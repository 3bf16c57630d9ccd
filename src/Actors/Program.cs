using Flock.Actors.Cli;

StandardStreams.EnsureOpen();
var code = FlockCli.Run(args);

// The command has stopped everything it started (actor systems, nodes, trace exporters). Exit now even if a
// library left a foreground thread behind: a finished command must never linger, where a signal sent to it
// later would find its handlers disposed.
Console.Out.Flush();
Console.Error.Flush();
Environment.Exit(code);
