using JasperFx;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Audit.Chain;
using Ocpi.Emsp.Audit.Export;
using Ocpi.Emsp.Billing;
using Ocpi.Emsp.Billing.Dashboard;
using Ocpi.Emsp.Bookings.Locations;
using Ocpi.Emsp.Credentials;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Hosting.CommandLine;
using Ocpi.Emsp.Hosting.EmbeddedPostgres;
using Ocpi.Emsp.InvoiceReconciliation;
using Ocpi.Emsp.Cdrs;
using Ocpi.Emsp.ChargingProfiles;
using Ocpi.Emsp.Commands;
using Ocpi.Emsp.Hub;
using Ocpi.Emsp.Locations;
using Ocpi.Emsp.Ocpi;
using Ocpi.Emsp.Partners;
using Ocpi.Emsp.Pull;
using Ocpi.Emsp.Rebuild;
using Ocpi.Emsp.Sessions;
using Ocpi.Emsp.Tariffs;
using Ocpi.Emsp.Telemetry;
using Ocpi.Emsp.Tokens;
using Ocpi.Emsp.Versions;

EmspCommandLine.PrepareConsole(args);
var builder = WebApplication.CreateBuilder(EmspCommandLine.ConfigurationArguments(args));

EmspCommandLine.SkipDatabaseForHelp(builder, args);
builder.UseEmbeddedPostgresWhenNoConnectionString();
builder.AddEmspSerilog();
builder.AddEmspServices();
builder.AddEmspCommands();
builder.AddEmspChargingProfiles();
builder.AddEmspHub();
builder.AddEmspMarten();
builder.AddEmspWolverine();
builder.AddEmspAuditChain();
builder.AddEmspTelemetry();

var app = builder.Build();

app.UseEmspMetricsEndpoint();
app.UseMiddleware<OcpiRequestIdsMiddleware>();
app.UseEmspRequestLogging();
app.UseMiddleware<OcpiRequestMetricsMiddleware>();
app.UseMiddleware<OcpiExceptionMiddleware>();
app.UseMiddleware<OcpiUnmatchedRouteMiddleware>();

app.MapOpenApi("/openapi/{documentName}.json");
app.MapApiPage();
app.MapFrontDoor();
app.MapEmspHealthChecks();
app.MapVersions();
app.MapCredentials();
app.MapLocations();
app.MapSessions();
app.MapCdrs();
app.MapTariffs();
app.MapTokens();
app.MapInvoiceReconciliation();
app.MapCommands();
app.MapHubClientInfo();
app.MapChargingProfiles();
app.MapBookingLocations();
app.MapTokensApi();
app.MapPartnersApi();
app.MapPullApi();
app.MapLocationsApi();
app.MapSessionsApi();
app.MapCdrsApi();
app.MapTariffsApi();
app.MapBillingApi();
app.MapInvoiceReconciliationApi();
app.MapCommandsApi();
app.MapHubPartiesApi();
app.MapChargingProfilesApi();
app.MapBookingLocationsApi();
app.MapBillingDashboard();
app.MapAuditApi();
app.MapAuditVerifyApi();

// Without a command this runs the service (options such as `--Emsp:PartyId ABC` are configuration, read by the builder);
// `help` lists the operational commands.
if (EmspCommandLine.RunsService(args))
{
    await app.RunAsync();
    return 0;
}
return await EmspCommandLine.RunAsync(app, args);

/// <summary>Entry point type, visible to the integration tests' host.</summary>
public partial class Program;
