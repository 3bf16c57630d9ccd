using Akka.Configuration;
using Akka.TestKit;
using Flock.Actors.Hosting;

namespace Flock.Actors.Tests.Support;

/// <summary>
/// Akka.NET's TestKit (TestProbe, ExpectMsg, EventFilter, the test scheduler) on xunit 2: a fresh actor system
/// per test class instance with Flock's dispatchers, shut down when the test ends.
/// </summary>
public abstract class FlockTestKit(string? config = null) : TestKitBase(XunitAssertions.Instance, ConfigurationFor(config)), IDisposable
{
    public void Dispose()
    {
        Shutdown(TimeSpan.FromSeconds(10), verifySystemShutdown: false);
        GC.SuppressFinalize(this);
    }

    private static Config ConfigurationFor(string? config) =>
        (config is null ? ConfigurationFactory.Empty : ConfigurationFactory.ParseString(config)).WithFallback(FlockActorSystem.Runtime);

    /// <summary>The TestKit's assertions as xunit 2 assertions.</summary>
    private sealed class XunitAssertions : ITestKitAssertions
    {
        public static XunitAssertions Instance { get; } = new();

        public void Fail(string format = "", params object[] args) => Assert.Fail(Format(format, args));

        public void AssertTrue(bool condition, string format = "", params object[] args) => Assert.True(condition, Format(format, args));

        public void AssertFalse(bool condition, string format = "", params object[] args) => Assert.False(condition, Format(format, args));

        public void AssertEqual<T>(T expected, T actual, string format = "", params object[] args) => Assert.Equal(expected, actual);

        public void AssertEqual<T>(T expected, T actual, Func<T, T, bool> comparer, string format = "", params object[] args)
        {
            if (!comparer(expected, actual))
            {
                Assert.Fail($"expected {expected}, got {actual}. {Format(format, args)}");
            }
        }

        public Exception AssertThrows(Action action) => Assert.ThrowsAny<Exception>(action);

        public TException AssertThrows<TException>(Action action)
            where TException : Exception => Assert.Throws<TException>(action);

        public Task<Exception> AssertThrowsAsync(Func<Task> action) => Assert.ThrowsAnyAsync<Exception>(action);

        public Task<TException> AssertThrowsAsync<TException>(Func<Task> action)
            where TException : Exception => Assert.ThrowsAsync<TException>(action);

        private static string Format(string format, object[] args) =>
            args.Length == 0 ? format : string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
    }
}
