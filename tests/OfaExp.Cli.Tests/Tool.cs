using System.Diagnostics;

namespace OfaExp.Cli.Tests;

/// <summary>Runs the built ofaexp tool as a separate process, the way a user does.</summary>
internal static class Tool
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "ofaexp.dll");

    public static (int Exit, string Out, string Err) Run(string workingDirectory, params string[] args) =>
        RunDll(Dll, workingDirectory, args);

    public static (int Exit, string Out, string Err) RunDll(string dll, string workingDirectory, params string[] args)
    {
        using var p = Start(dll, workingDirectory, args, new Dictionary<string, string>());
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>
    /// Runs the tool with extra environment variables (a GC heap limit, say), killing it if it is still running after
    /// <paramref name="hangGuard"/>: a test of bad input must fail on a hang, not wait for it.
    /// </summary>
    public static (int Exit, string Out, string Err, bool Hung) RunGuarded(
        string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan hangGuard, params string[] args)
    {
        using var p = Start(Dll, workingDirectory, args, environment);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(hangGuard))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            return (-1, stdout.Result, stderr.Result, true);
        }

        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result, false);
    }

    private static Process Start(string dll, string workingDirectory, string[] args, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment.Remove("OFAEXP_DEBUG");
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return Process.Start(info)!;
    }
}
