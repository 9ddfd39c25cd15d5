using Ocpi.Emsp.Pull;
using Ocpi.Emsp.Tokens.Push;
using Wolverine;

namespace Ocpi.Emsp.Hosting;

public static class WolverineSetup
{
    public const string TokenPushQueue = "token-pushes";
    public const string PullQueue = "partner-pulls";

    public static void AddEmspWolverine(this WebApplicationBuilder builder)
    {
        builder.Host.UseWolverine(opts =>
        {
            // Explicit, so handlers are found whichever process hosts the service (e.g. a test runner).
            opts.ApplicationAssembly = typeof(WolverineSetup).Assembly;
            opts.UseRuntimeCompilation();
            opts.Policies.AutoApplyTransactions();
            opts.Policies.UseDurableLocalQueues();
            opts.Policies.UseDurableOutboxOnAllSendingEndpoints();

            // Pushes to partners run one at a time, so a token's changes reach a partner in order.
            opts.LocalQueue(TokenPushQueue).Sequential();
            opts.PublishMessage<PushTokenToPartner>().ToLocalQueue(TokenPushQueue);
            opts.PublishMessage<ResyncPartnerTokens>().ToLocalQueue(TokenPushQueue);
            // Pulls run one at a time: two runs of one partner's list would race for its cursor.
            opts.LocalQueue(PullQueue).Sequential();
            opts.PublishMessage<PullPartner>().ToLocalQueue(PullQueue);
        });
    }
}
