using Ocpi.Emsp.Benchmarks.Load;

namespace Ocpi.Emsp.Tests.Benchmarks;

/// <summary>How the benchmark reads pgbench's and wrk's output and merges the latencies of its slices.</summary>
public sealed class LoadOutputTests
{
    private const string PgbenchSummary = """
        pgbench (15.18 (Debian 15.18-0+deb12u1))
        transaction type: insert.sql
        scaling factor: 1
        query mode: prepared
        number of clients: 2
        number of threads: 2
        maximum number of tries: 1
        duration: 2 s
        number of transactions actually processed: 9948
        number of failed transactions: 3 (0.030%)
        latency average = 0.402 ms
        initial connection time = 3.891 ms
        tps = 4977.275047 (without initial connection time)
        """;

    [Fact]
    public void pgbench_figures_come_from_its_summary_and_latencies_from_its_transaction_log()
    {
        // client, transaction, latency (us), script, epoch, us; a failed transaction has a word for its latency.
        string[] log = ["0 1 1707 0 1796640579 777328", "1 1 500 0 1796640579 777836", "0 2 failed 0 1796640579 778555", "1 2 900 0 1796640579 778600"];

        var run = Pgbench.Parse(PgbenchSummary, log);

        run.Transactions.ShouldBe(9948);
        run.Failed.ShouldBe(3);
        run.Tps.ShouldBe(4977.275047);
        run.Latency.Count.ShouldBe(3);
        var result = run.ToRunResult(2);
        result.RequestsPerSecond.ShouldBe(4977.3);
        result.Requests.ShouldBe(9948);
        result.Errors.ShouldBe(3);
        result.P50Ms.ShouldBe(0.9);
        result.MaxMs.ShouldBe(1.71);
    }

    [Fact]
    public void wrk_errors_count_answers_other_than_1000_and_socket_errors()
    {
        const string output = """
            Running 1s test @ http://127.0.0.1:5000
              1 threads and 2 connections
            WRK_JSON {"requests":10,"duration_us":2000000,"ok":8,"bad":2,"connect_errors":0,"read_errors":1,"write_errors":0,"status_errors":1,"timeouts":0,"sample":"HTTP 400: {\u0022status_code\u0022:2001}"}
            WRK_HIST 1000:5 2000:3 9000:2
            """;

        var run = Wrk.Parse(output);
        var result = run.ToRunResult("session-put", 2);

        run.Errors.ShouldBe(3);
        result.Requests.ShouldBe(10);
        result.RequestsPerSecond.ShouldBe(5);
        result.P50Ms.ShouldBe(1);
        result.P99Ms.ShouldBe(9);
        result.ErrorSamples.ShouldHaveSingleItem().ShouldContain("{\"status_code\":2001}");
    }

    [Fact]
    public void merged_slices_take_percentiles_over_every_latency_and_rates_over_their_summed_time()
    {
        var fast = RunResults.From("s", 8, Histogram((1000, 99)), seconds: 1, errors: 0, generator: "wrk");
        fast.ServiceCpuMsPerRequest = 0.2;
        var slow = RunResults.From("s", 8, Histogram((50_000, 1)), seconds: 3, errors: 1, generator: "wrk");
        slow.ServiceCpuMsPerRequest = 10.2;

        var merged = RunResults.Merge("s", 8, [fast, slow]);

        merged.Requests.ShouldBe(100);
        merged.RequestsPerSecond.ShouldBe(25);
        merged.Errors.ShouldBe(1);
        merged.P99Ms.ShouldBe(1);
        merged.MaxMs.ShouldBe(50);
        merged.ServiceCpuMsPerRequest.ShouldBe(0.3);
    }

    private static LatencyHistogram Histogram(params (long Us, long Count)[] values)
    {
        var histogram = new LatencyHistogram();
        foreach (var (us, count) in values) histogram.Add(us, count);
        return histogram;
    }
}
