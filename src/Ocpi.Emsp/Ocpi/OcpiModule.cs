namespace Ocpi.Emsp.Ocpi;

/// <summary>Endpoint metadata: which OCPI module an endpoint belongs to ("" for the versions endpoints).</summary>
public sealed record OcpiModule(string ModuleId)
{
    public bool IsConfiguration => Protocol.Versions.ModuleId.IsConfigurationModule(ModuleId);
}
