using Microsoft.Extensions.Options;
using Ocpi.Emsp.Hosting;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Ocpi;

/// <summary>The endpoints we implement in OCPI 2.3.0, as listed in our version details. Modules add themselves when mapped.</summary>
public sealed class OcpiEndpointCatalog(IOptions<EmspOptions> options)
{
    public const string VersionsPath = "/ocpi/versions";
    public const string VersionPath = "/ocpi/" + VersionNumber.V2_3_0;

    private readonly List<(string ModuleId, InterfaceRole Role)> _modules = [];

    public static string ModulePath(string moduleId) => $"{VersionPath}/{ModuleId.UrlSegment(moduleId)}";

    public void Add(string moduleId, InterfaceRole role)
    {
        lock (_modules)
            if (!_modules.Contains((moduleId, role))) _modules.Add((moduleId, role));
    }

    public string VersionsUrl => options.Value.BaseUrl + VersionsPath;
    public string VersionDetailsUrl => options.Value.BaseUrl + VersionPath;
    public string ModuleUrl(string moduleId) => options.Value.BaseUrl + ModulePath(moduleId);

    public IReadOnlyList<VersionEndpoint> Endpoints()
    {
        lock (_modules)
            return _modules.Select(m => new VersionEndpoint(m.ModuleId, m.Role, ModuleUrl(m.ModuleId))).ToList();
    }
}
