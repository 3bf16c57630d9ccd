namespace Flock.Shared.Configuration;

/// <summary>Checks AMQP broker URLs and hides their credentials wherever a URL is shown or stored.</summary>
public static class BrokerUrl
{
    public static bool TryParse(string text, out Uri? uri, out string problem)
    {
        problem = "";
        if (!Uri.TryCreate(text, UriKind.Absolute, out uri) || (uri.Scheme != "amqp" && uri.Scheme != "amqps"))
        {
            uri = null;
            problem = "must be an amqp:// or amqps:// URL, e.g. amqp://user:pass@host:5672/vhost";
            return false;
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            problem = "must name a host, e.g. amqp://user:pass@host:5672/";
            return false;
        }

        return true;
    }

    /// <summary>The URL with its password replaced by ***; text that is no URL is hidden whole.</summary>
    public static string Redact(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            return "***";
        }

        if (string.IsNullOrEmpty(uri.UserInfo))
        {
            return text;
        }

        var user = uri.UserInfo.Split(':', 2)[0];
        return new UriBuilder(uri) { UserName = user, Password = user.Length > 0 ? "***" : "" }.Uri.ToString();
    }
}
