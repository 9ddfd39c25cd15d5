using Wolverine;

namespace Ocpi.Emsp.Hosting;

public static class WolverineSetup
{
    public static void AddEmspWolverine(this WebApplicationBuilder builder)
    {
        builder.Host.UseWolverine(opts =>
        {
            opts.UseRuntimeCompilation();
            opts.Policies.AutoApplyTransactions();
            opts.Policies.UseDurableLocalQueues();
            opts.Policies.UseDurableOutboxOnAllSendingEndpoints();
        });
    }
}
