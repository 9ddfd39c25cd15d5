using Ocpi.Emsp.Benchmarks;
using Shouldly;

namespace Ocpi.Emsp.Tests.Benchmarks;

/// <summary>Which share of the baseline the Session PUT target is checked against.</summary>
public sealed class TargetShareTests
{
    [Theory]
    [InlineData(0.05, 0.35)]   // same machine speed: the lower share counts
    [InlineData(-0.15, 0.35)]
    [InlineData(0.45, 0.62)]   // the machine was 45 % slower in the paired slices: the baseline run is not comparable
    [InlineData(-0.30, 0.62)]
    public void the_baseline_run_counts_only_when_the_machine_ran_at_the_same_speed(double speedChange, double expected)
    {
        var run = new RunResult { RatioToBaselineRun = 0.35, RatioToBaseline = 0.62, BaselineSpeedChange = speedChange };

        run.TargetRatio.ShouldBe(expected);
    }

    [Fact]
    public void without_a_speed_gauge_the_lower_share_counts()
    {
        new RunResult { RatioToBaselineRun = 0.35, RatioToBaseline = 0.62 }.TargetRatio.ShouldBe(0.35);
        new RunResult { RatioToBaseline = 0.62 }.TargetRatio.ShouldBe(0.62);
    }
}
