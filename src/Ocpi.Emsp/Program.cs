using JasperFx;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Audit.Chain;
using Ocpi.Emsp.Audit.Export;
using Ocpi.Emsp.Billing;
using Ocpi.Emsp.Billing.Dashboard;
using Ocpi.Emsp.Credentials;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Hosting.EmbeddedPostgres;
using Ocpi.Emsp.InvoiceReconciliation;
using Ocpi.Emsp.Cdrs;
using Ocpi.Emsp.Locations;
using Ocpi.Emsp.Ocpi;
using Ocpi.Emsp.Partners;
using Ocpi.Emsp.Pull;
using Ocpi.Emsp.Rebuild;
using Ocpi.Emsp.Sessions;
using Ocpi.Emsp.Tariffs;
using Ocpi.Emsp.Tokens;
using Ocpi.Emsp.Versions;

// The export writes its lines to standard output: everything else (logs included) goes to standard error.
if (EventExportCommand.Matches(args)) EventExportCommand.KeepStandardOutputForLines();
var builder = WebApplication.CreateBuilder(args);

builder.UseEmbeddedPostgresWhenNoConnectionString();
builder.AddEmspSerilog();
builder.AddEmspServices();
builder.AddEmspMarten();
builder.AddEmspWolverine();
builder.AddEmspAuditChain();

var app = builder.Build();

app.UseMiddleware<OcpiRequestIdsMiddleware>();
app.UseEmspRequestLogging();
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
app.MapTokensApi();
app.MapPartnersApi();
app.MapPullApi();
app.MapLocationsApi();
app.MapSessionsApi();
app.MapCdrsApi();
app.MapTariffsApi();
app.MapBillingApi();
app.MapInvoiceReconciliationApi();
app.MapBillingDashboard();
app.MapAuditApi();
app.MapAuditVerifyApi();

if (ViewRebuildCommand.Matches(args)) return await ViewRebuildCommand.RunAsync(app, args);
if (EventExportCommand.Matches(args)) return await EventExportCommand.RunAsync(app, args);
if (AuditVerifyCommand.Matches(args)) return await AuditVerifyCommand.RunAsync(app.Services, args, Console.Out, Console.Error);
if (DecisionReplayCommand.Matches(args)) return await DecisionReplayCommand.RunAsync(app);

// Without a command this runs the service (options such as `--Emsp:PartyId ABC` are configuration, read by the builder);
// `-- help` lists the operational commands (projections, db-apply, ...).
if (args.Length == 0 || args[0].StartsWith('-'))
{
    await app.RunAsync();
    return 0;
}
return await app.RunJasperFxCommands(args);

/// <summary>Entry point type, visible to the integration tests' host.</summary>
public partial class Program;
