using System.ComponentModel;
using System.Diagnostics;

namespace Ocpi.Emsp.Hosting.EmbeddedPostgres;

/// <summary>What a finished command printed and returned.</summary>
internal sealed record ProcessResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    public string Describe()
    {
        var text = $"`{CommandLine}` exited with code {ExitCode}.";
        if (!string.IsNullOrWhiteSpace(StandardError))
        {
            text += Environment.NewLine + "stderr:" + Environment.NewLine + StandardError.TrimEnd();
        }

        if (!string.IsNullOrWhiteSpace(StandardOutput))
        {
            text += Environment.NewLine + "stdout:" + Environment.NewLine + StandardOutput.TrimEnd();
        }

        return text;
    }
}

/// <summary>Runs a command to completion, capturing its output, with no standard input and a time limit.</summary>
internal static class ProcessRunner
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Runs <paramref name="fileName"/>. With <paramref name="asServerUser"/> the command is a PostgreSQL server
    /// command: it runs from <c>/</c> and, when this process is root, as the <c>postgres</c> OS user via runuser.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        bool asServerUser = false,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var args = arguments.ToList();
        if (asServerUser && PostgresOsUser.IsRequired)
        {
            args.InsertRange(0, ["-u", PostgresOsUser.Name, "--", fileName]);
            fileName = "runuser";
        }

        var commandLine = string.Join(' ', args.Prepend(fileName).Select(Quote));
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (asServerUser)
        {
            startInfo.WorkingDirectory = Path.GetPathRoot(Path.GetTempPath()) ?? "/";
        }

        foreach (var argument in args)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new EmbeddedPostgresException($"Could not run `{commandLine}`: {e.Message}", e);
        }

        process.StandardInput.Close();
        var standardOutput = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var standardError = process.StandardError.ReadToEndAsync(CancellationToken.None);

        var limit = timeout ?? DefaultTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            await Task.WhenAll(standardOutput, standardError).WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            TryKill(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new EmbeddedPostgresException($"`{commandLine}` did not finish within {limit.TotalSeconds:0} s and was stopped.");
        }

        return new ProcessResult(commandLine, process.ExitCode, await standardOutput, await standardError);
    }

    /// <summary>Like <see cref="RunAsync"/>, but a non-zero exit code throws with everything the command printed.</summary>
    public static async Task<ProcessResult> RunCheckedAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        bool asServerUser = false,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(fileName, arguments, asServerUser, timeout, cancellationToken);
        return result.Succeeded ? result : throw new EmbeddedPostgresException(result.Describe());
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (Win32Exception)
        {
            // Nothing more can be done.
        }
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsLetterOrDigit(c) || "-_./=:,@+%".Contains(c))
            ? argument
            : "'" + argument.Replace("'", "'\\''") + "'";
}
