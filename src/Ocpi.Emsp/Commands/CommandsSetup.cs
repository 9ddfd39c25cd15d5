using JasperFx.Events.Projections;
using Marten;

namespace Ocpi.Emsp.Commands;

public static class CommandsSetup
{
    public static void AddEmspCommands(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<CommandOptions>(builder.Configuration.GetSection(CommandOptions.Section));
        builder.Services.AddScoped<CommandRequests>();
        builder.Services.AddSingleton<CommandSender>();
    }

    /// <summary>
    /// The command view, inline: the result endpoint and the timeout read it as the next write's state. Duplicated
    /// columns for what the list filters and sorts on, and the authorization_reference a Session links back by.
    /// </summary>
    public static void AddCommands(this StoreOptions opts)
    {
        opts.Projections.Add<CommandProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<CommandView>()
            .Duplicate(c => c.CpoKey).Duplicate(c => c.Status).Duplicate(c => c.Type).Duplicate(c => c.RequestedAt)
            .Duplicate(c => c.AuthorizationReference);
    }
}
