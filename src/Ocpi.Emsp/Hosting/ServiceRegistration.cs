using Ocpi.Emsp.Credentials;
using Ocpi.Emsp.Internal;
using Ocpi.Emsp.Locations;
using Ocpi.Emsp.Tokens;
using Ocpi.Emsp.Tokens.Push;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Emsp.Storage;
using Ocpi.Emsp.Ocpi;
using Ocpi.Emsp.Partners;
using Ocpi.Emsp.Pull;
using Ocpi.Protocol.Json;

namespace Ocpi.Emsp.Hosting;

public static class ServiceRegistration
{
    public static void AddEmspServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<EmspOptions>(builder.Configuration.GetSection(EmspOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.ConfigureHttpJsonOptions(o => OcpiJson.Configure(o.SerializerOptions));
        services.AddProblemDetails();
        // A body or parameter the framework cannot bind reaches OcpiExceptionMiddleware, in every environment alike: an
        // OCPI envelope on /ocpi, a problem naming the JSON path on /api (not the framework's bare 400).
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        services.AddSingleton<OcpiEndpointCatalog>();
        services.AddHostedService<LargeBodyMemoryRelease>();
        services.AddSingleton<SecretConsole>();
        services.AddSingleton<ApiKeyStore>();
        services.AddHostedService<StartupBanner>();
        services.AddScoped<PartnerDirectory>();
        services.AddScoped<OurCredentials>();
        services.AddScoped<CredentialsHandshakes>();
        services.AddScoped<PartnerDiscovery>();
        services.AddScoped<PartnerConnector>();
        services.AddSingleton<DirectEventStore>();
        services.AddSingleton<GroupCommit>();
        services.AddHostedService(sp => sp.GetRequiredService<GroupCommit>());
        services.AddScoped<ObjectStreamWriter>();
        services.AddScoped<LocationReceiver>();
        services.AddScoped<TokenCommands>();
        services.AddSingleton<TokenAuthorizer>();
        services.AddSingleton<TokenDirectory>();
        services.AddHostedService<TokenDirectorySync>();
        services.AddSingleton<AuthorizationRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<AuthorizationRecorder>());
        services.AddSingleton<TokenPusher>();
        services.AddHostedService<TokenResyncScheduler>();
        services.Configure<PullOptions>(builder.Configuration.GetSection(PullOptions.Section));
        services.AddScoped<PartnerPuller>();
        services.AddHostedService<PullScheduler>();
        services.AddHttpClient<OcpiClient>((sp, http) =>
            http.Timeout = builder.Configuration.GetSection(EmspOptions.Section).Get<EmspOptions>()?.PartnerCallTimeout ?? TimeSpan.FromSeconds(30));

        services.AddEmspHealthChecks();
        services.AddEmspOpenApi();
    }
}
