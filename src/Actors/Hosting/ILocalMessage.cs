using Akka.Actor;

namespace Flock.Actors.Hosting;

/// <summary>
/// A message that stays inside one process: between the roles of a run, or an actor's own ticks. It may hold
/// references (buffers, <see cref="IActorRef"/>s, <see cref="Props"/>) and has no wire form; what crosses between
/// nodes is a <see cref="Cluster.RunMessage"/> or another type bound to Flock's wire serializer. Akka skips the
/// serialization check of <c>serialize-messages = on</c> for these, which the role tests run under, so every other
/// message a role sends is checked to cross.
/// </summary>
public interface ILocalMessage : INoSerializationVerificationNeeded;
