using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Ocpi.Emsp.Billing.Dashboard;

/// <summary>The dashboard's files, read once from the assembly's resources (a few hundred kB) and served from memory.</summary>
internal sealed class DashboardAssets
{
    private const string ResourcePrefix = "billing-dashboard/";

    // Everything from our own origin, no inline script or style, no framing: the page handles an API key.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private readonly Dictionary<string, Asset> _files;

    private DashboardAssets(Dictionary<string, Asset> files) => _files = files;

    private sealed record Asset(byte[] Content, string ContentType, EntityTagHeaderValue ETag);

    public static DashboardAssets Load(Assembly assembly)
    {
        var files = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
            var name = resource[ResourcePrefix.Length..];
            files[name] = new Asset(content, ContentTypeOf(name), etag);
        }
        if (!files.ContainsKey("index.html"))
            throw new InvalidOperationException($"The billing dashboard's files are missing from {assembly.GetName().Name} (resources {ResourcePrefix}*)");
        return new DashboardAssets(files);
    }

    public IResult Serve(HttpContext context, string name)
    {
        if (!_files.TryGetValue(name, out var asset)) return Results.NotFound();
        var headers = context.Response.Headers;
        // Revalidated on every load (ETag): a new release's page and script are never mixed with an old cached one.
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        return Results.Bytes(asset.Content, asset.ContentType, entityTag: asset.ETag);
    }

    private static string ContentTypeOf(string name) => System.IO.Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".md" => "text/markdown; charset=utf-8",
        _ => "application/octet-stream",
    };
}
