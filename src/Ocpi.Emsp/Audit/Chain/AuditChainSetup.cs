namespace Ocpi.Emsp.Audit.Chain;

public static class AuditChainSetup
{
    /// <summary>The sealer (on every node; one seals at a time), the verifier and their options (<c>Emsp:Audit</c>).</summary>
    public static void AddEmspAuditChain(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<AuditChainOptions>(builder.Configuration.GetSection(AuditChainOptions.Section));
        builder.Services.AddSingleton<AuditChainVerifier>();
        builder.Services.AddHostedService<AuditChainSealer>();
    }
}
