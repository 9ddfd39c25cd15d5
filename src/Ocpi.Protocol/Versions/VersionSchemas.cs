using Ocpi.Protocol.Validation;
using static Ocpi.Protocol.Validation.OcpiTypes;

namespace Ocpi.Protocol.Versions;

/// <summary>Field tables of version_information_endpoint.asciidoc.</summary>
public static class VersionSchemas
{
    public static ObjectSchema Version { get; } = new ObjectSchema("Version")
        .Required("version", OpenEnum("VersionNumber"))
        .Required("url", Url);

    public static ObjectSchema Endpoint { get; } = new ObjectSchema("Endpoint")
        .Required("identifier", OpenEnum("ModuleID"))
        .Required("role", Enum<InterfaceRole>())
        .Required("url", Url);

    public static ObjectSchema VersionDetails { get; } = new ObjectSchema("VersionDetails")
        .Required("version", OpenEnum("VersionNumber"))
        .AtLeastOne("endpoints", Endpoint);
}
