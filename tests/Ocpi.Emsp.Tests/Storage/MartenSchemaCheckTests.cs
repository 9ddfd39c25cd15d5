using System.Text.RegularExpressions;
using Alba;
using Microsoft.AspNetCore.Hosting;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Sessions;
using Ocpi.Emsp.Storage;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Storage;

/// <summary>
/// The service checks, at start-up and after Marten has applied its schema, that Marten's tables are what its own SQL
/// writes (mt_streams, mt_events, the views of the group commit), and refuses to start otherwise, naming the column.
/// Each test has its own database, because it changes the schema.
/// </summary>
public sealed class MartenSchemaCheckTests
{
    [Fact]
    public async Task on_a_fresh_database_the_service_starts_after_marten_created_the_tables_it_checks()
    {
        var database = await TestPostgres.CreateDatabaseAsync(nameof(MartenSchemaCheckTests));

        // The check runs after Marten's schema migration: before it, the tables would not exist and the start would fail.
        await using var host = await StartAsync(database);

        var checkedTables = host.Services.GetRequiredService<DirectEventStore>().WrittenTables().Select(t => t.QualifiedName);
        checkedTables.ShouldBe(["emsp.mt_streams", "emsp.mt_events", "emsp.mt_doc_locationview", "emsp.mt_doc_sessionview",
            "emsp.mt_doc_tariffview", "emsp.mt_doc_cdrview", "emsp.mt_doc_invoicereconciliationview"], ignoreOrder: true);
    }

    [Fact]
    public async Task a_view_table_with_an_extra_not_null_column_stops_the_start_with_the_table_and_column_named()
    {
        var database = await TestPostgres.CreateDatabaseAsync(nameof(MartenSchemaCheckTests));

        var error = await RefusedStartAsync(database, AfterMartenMigration(database,
            "alter table emsp.mt_doc_sessionview add column audit_note text not null default ''",
            "alter table emsp.mt_doc_sessionview alter column audit_note drop default"));

        error.Message.ShouldContain("emsp.mt_doc_sessionview.audit_note: the column is unknown to the service's SQL and NOT NULL without a default");
    }

    [Fact]
    public async Task event_tables_with_columns_unknown_to_our_sql_stop_the_start_with_the_tables_and_columns_named()
    {
        var database = await TestPostgres.CreateDatabaseAsync(nameof(MartenSchemaCheckTests));

        var error = await RefusedStartAsync(database, AfterMartenMigration(database,
            "alter table emsp.mt_events add column region text not null default 'eu'",
            "alter table emsp.mt_events alter column region drop default",
            "alter table emsp.mt_streams add column owner_node text"));

        error.Message.ShouldContain("emsp.mt_events.region: the column is unknown to the service's SQL and NOT NULL without a default");
        error.Message.ShouldContain("emsp.mt_streams.owner_node: the column is unknown to the service's SQL");
    }

    /// <summary>What a Marten upgrade or a configuration change does: Marten itself adds columns our SQL would leave empty.</summary>
    [Fact]
    public async Task marten_options_that_add_columns_our_sql_does_not_write_stop_the_start()
    {
        var database = await TestPostgres.CreateDatabaseAsync(nameof(MartenSchemaCheckTests));

        var error = await RefusedStartAsync(database, services => services.ConfigureMarten(opts =>
        {
            opts.Events.MetadataConfig.UserNameEnabled = true;
            opts.Schema.For<SessionView>().SoftDeleted();
        }));

        error.Message.ShouldContain("emsp.mt_events.user_name");
        error.Message.ShouldContain("emsp.mt_doc_sessionview.mt_deleted");
    }

    [Fact]
    public async Task the_check_is_started_after_martens_schema_migration()
    {
        var database = await TestPostgres.CreateDatabaseAsync(nameof(MartenSchemaCheckTests));
        await using var host = await StartAsync(database);

        var order = host.Services.GetServices<IHostedService>().Select(s => s.GetType().Name).ToList();

        order.IndexOf("MartenActivator").ShouldBeInRange(0, order.IndexOf(nameof(MartenSchemaCheck)) - 1);
        order.IndexOf(nameof(MartenSchemaCheck)).ShouldBeLessThan(order.IndexOf("GenericWebHostService"));
    }

    /// <summary>The columns <see cref="MartenTables"/> lists are the ones the append statements name.</summary>
    [Fact]
    public async Task the_append_statements_write_exactly_the_columns_the_check_knows()
    {
        var database = await TestPostgres.CreateDatabaseAsync(nameof(MartenSchemaCheckTests));
        await using var host = await StartAsync(database);
        var store = host.Services.GetRequiredService<DirectEventStore>();
        var batch = new EventAppendBatch(store);
        var stamp = new EventStamp("correlation", "causation", []);
        batch.Append("session:NL-ABC:1", typeof(SessionView), 0, batch.Prepare("session:NL-ABC:1", 0, [new SessionPatched([])], stamp));
        batch.Append("session:NL-ABC:2", typeof(SessionView), 3, batch.Prepare("session:NL-ABC:2", 3, [new SessionPatched([])], stamp));
        await using var command = batch.Build(new NpgsqlConnection());
        var sql = command.BatchCommands.Cast<NpgsqlBatchCommand>().Select(c => c.CommandText).ToList();

        InsertedColumns(sql, "mt_streams").ShouldBe(MartenTables.Streams("emsp").Written, ignoreOrder: true);
        InsertedColumns(sql, "mt_events").ShouldBe(MartenTables.Events("emsp").Written, ignoreOrder: true);
        var statement = sql.Single(s => s.Contains("update emsp.mt_streams", StringComparison.Ordinal));
        var update = statement[statement.IndexOf("update emsp.mt_streams", StringComparison.Ordinal)..];
        Regex.Matches(update[..update.IndexOf(" from ", StringComparison.Ordinal)], @"(?:set|,)\s+(\w+)\s*=")
            .Cast<Match>().Select(m => m.Groups[1].Value).ShouldBeSubsetOf(MartenTables.Streams("emsp").Written);
    }

    private static IEnumerable<string> InsertedColumns(IEnumerable<string> sql, string table)
    {
        var insert = sql.Single(s => s.StartsWith($"insert into emsp.{table} (", StringComparison.Ordinal));
        var list = insert[(insert.IndexOf('(') + 1)..insert.IndexOf(')')];
        return list.Split(',').Select(c => c.Trim());
    }

    private static Task<IAlbaHost> StartAsync(string database, Action<IServiceCollection>? services = null) => AlbaHost.For<Program>(builder =>
    {
        builder.UseSetting("ConnectionStrings:Marten", database);
        builder.UseSetting("Emsp:PublicUrl", EmspFixture.PublicUrl);
        builder.UseSetting("Emsp:ApiKey", EmspFixture.ApiKey);
        if (services is not null) builder.ConfigureServices(services);
    });

    /// <summary>
    /// Changes the schema between Marten's start-up migration (which would drop columns it does not know) and the check:
    /// a hosted service inserted just before the check.
    /// </summary>
    private static Action<IServiceCollection> AfterMartenMigration(string database, params string[] statements) => services =>
    {
        var check = services.Select((d, i) => (d, i)).Single(x => x.d.ServiceType == typeof(IHostedService)
            && x.d.ImplementationType == typeof(MartenSchemaCheck)).i;
        services.Insert(check, ServiceDescriptor.Singleton<IHostedService>(new SchemaChange(database, statements)));
    };

    private sealed class SchemaChange(string database, string[] statements) : IHostedService
    {
        public Task StartAsync(CancellationToken ct) => ExecuteAsync(database, statements);
        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }

    private static async Task<MartenSchemaMismatchException> RefusedStartAsync(string database, Action<IServiceCollection> services)
    {
        var thrown = await Should.ThrowAsync<Exception>(async () => await (await StartAsync(database, services)).DisposeAsync());
        for (Exception? e = thrown; e is not null; e = e.InnerException)
            if (e is MartenSchemaMismatchException mismatch) return mismatch;
        throw new ShouldAssertException($"The start failed for another reason: {thrown}");
    }

    private static async Task ExecuteAsync(string database, params string[] statements)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
