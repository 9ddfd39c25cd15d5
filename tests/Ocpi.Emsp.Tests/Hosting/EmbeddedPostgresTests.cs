using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Ocpi.Emsp.Hosting.EmbeddedPostgres;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Hosting;

public sealed class EmbeddedPostgresTests : IDisposable
{
    private readonly string _scratch = TestPostgres.CreateScratchDirectory("launcher");

    private EmbeddedPostgresOptions Options => new() { DataDirectory = Path.Combine(_scratch, "pgdata"), Durable = false };

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task starting_on_an_empty_directory_initialises_a_server_that_answers_queries()
    {
        await using var server = await EmbeddedPostgresServer.StartAsync(Options, NullLogger.Instance);

        File.Exists(Path.Combine(server.DataDirectory, "PG_VERSION")).ShouldBeTrue();
        (await ScalarAsync(server.ConnectionString, "select 1")).ShouldBe(1);
        (await ScalarAsync(server.ConnectionString, "select current_database()")).ShouldBe("ocpi_emsp");
        new NpgsqlConnectionStringBuilder(server.ConnectionString).Port.ShouldBe(server.Port);
    }

    [Fact]
    public async Task restarting_on_the_same_data_directory_keeps_the_data()
    {
        await using (var first = await EmbeddedPostgresServer.StartAsync(Options, NullLogger.Instance))
        {
            await ExecuteAsync(first.ConnectionString, "create table kept (v text); insert into kept values ('still here')");
            await first.StopAsync();
            File.Exists(Path.Combine(first.DataDirectory, "postmaster.pid")).ShouldBeFalse();
        }

        await using var second = await EmbeddedPostgresServer.StartAsync(Options, NullLogger.Instance);

        (await ScalarAsync(second.ConnectionString, "select v from kept")).ShouldBe("still here");
    }

    [Fact]
    public async Task starting_while_a_server_already_runs_on_the_data_directory_reuses_it()
    {
        await using var first = await EmbeddedPostgresServer.StartAsync(Options, NullLogger.Instance);

        await using var second = await EmbeddedPostgresServer.StartAsync(Options, NullLogger.Instance);

        second.Port.ShouldBe(first.Port);
        (await ScalarAsync(second.ConnectionString, "select 1")).ShouldBe(1);
    }

    [Fact]
    public async Task creating_a_database_that_exists_already_is_harmless()
    {
        await using var server = await EmbeddedPostgresServer.StartAsync(Options, NullLogger.Instance);

        await server.CreateDatabaseAsync("twice", CancellationToken.None);
        await server.CreateDatabaseAsync("twice", CancellationToken.None);

        (await ScalarAsync(server.ConnectionStringFor("twice"), "select current_database()")).ShouldBe("twice");
    }

    [Fact]
    public async Task stopping_twice_is_harmless()
    {
        var server = await EmbeddedPostgresServer.StartAsync(Options, NullLogger.Instance);

        await server.StopAsync();
        await server.StopAsync();
        await server.DisposeAsync();

        File.Exists(Path.Combine(server.DataDirectory, "postmaster.pid")).ShouldBeFalse();
    }

    [Fact]
    public void missing_binaries_produce_an_error_that_says_how_to_install_them_or_use_another_server()
    {
        var bogus = Path.Combine(_scratch, "no-postgres-here");

        var error = Should.Throw<PostgresBinariesNotFoundException>(() => PostgresBinaries.Locate(bogus, []));

        error.SearchedDirectories.ShouldBe([bogus]);
        error.Message.ShouldContain(bogus);
        error.Message.ShouldContain("apt-get install -y postgresql");
        error.Message.ShouldContain("brew install postgresql");
        error.Message.ShouldContain("Emsp:EmbeddedDatabase:BinDirectory");
        error.Message.ShouldContain("ConnectionStrings:Marten");
    }

    [Fact]
    public void binaries_are_taken_from_the_first_directory_that_holds_all_three_programs()
    {
        var partial = Directory.CreateDirectory(Path.Combine(_scratch, "partial")).FullName;
        File.WriteAllText(Path.Combine(partial, "initdb"), "");
        var complete = Directory.CreateDirectory(Path.Combine(_scratch, "complete")).FullName;
        foreach (var program in new[] { "initdb", "pg_ctl", "postgres" })
        {
            File.WriteAllText(Path.Combine(complete, program), "");
        }

        var binaries = PostgresBinaries.Locate(Path.Combine(_scratch, "missing"), [partial, complete]);

        binaries.Directory.ShouldBe(complete);
        binaries.PgCtl.ShouldBe(Path.Combine(complete, "pg_ctl"));
    }

    [Fact]
    public async Task the_test_server_hands_out_a_fresh_database_per_request()
    {
        var first = await TestPostgres.CreateDatabaseAsync("Embedded Postgres");
        var second = await TestPostgres.CreateDatabaseAsync("Embedded Postgres");

        var name = (string?)await ScalarAsync(first, "select current_database()");
        name.ShouldNotBeNull().ShouldStartWith("t_embedded_postgres_");
        name.Length.ShouldBe("t_embedded_postgres_".Length + 8);
        ((string?)await ScalarAsync(second, "select current_database()")).ShouldNotBe(name);
        TestPostgres.UniqueDatabaseName(new string('x', 100)).Length.ShouldBe(63);
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
