using System.Diagnostics;

namespace OfaExp.Cli.Tests;

/// <summary>Runs the built ofaexp tool as a separate process, the way a user does.</summary>
internal static class Tool
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "ofaexp.dll");

    public static (int Exit, string Out, string Err) Run(string workingDirectory, params string[] args) =>
        RunDll(Dll, workingDirectory, args);

    public static (int Exit, string Out, string Err) RunDll(string dll, string workingDirectory, params string[] args) =>
        StartDll(dll, workingDirectory, args, new Dictionary<string, string>()).Wait();

    /// <summary>Starts the tool and returns at once, for tests that run several at a time or stop one.</summary>
    public static Started Start(string workingDirectory, params string[] args) =>
        StartDll(Dll, workingDirectory, args, new Dictionary<string, string>());

    /// <summary>Starts the tool with extra environment variables (a GC heap limit, a crash point).</summary>
    public static Started Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        StartDll(Dll, workingDirectory, args, environment);

    /// <summary>
    /// Runs the tool with extra environment variables (a GC heap limit, say), killing it if it is still running after
    /// <paramref name="hangGuard"/>: a test of bad input must fail on a hang, not wait for it.
    /// </summary>
    public static (int Exit, string Out, string Err, bool Hung) RunGuarded(
        string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan hangGuard, params string[] args)
    {
        var started = StartDll(Dll, workingDirectory, args, environment);
        var hung = !started.Process.WaitForExit(hangGuard);
        if (hung)
        {
            started.Process.Kill(entireProcessTree: true);
        }

        var (exit, stdout, stderr) = started.Wait();
        return (hung ? -1 : exit, stdout, stderr, hung);
    }

    private static Started StartDll(string dll, string workingDirectory, string[] args, IReadOnlyDictionary<string, string> environment)
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

        var p = Process.Start(info)!;
        return new Started(p, p.StandardOutput.ReadToEndAsync(), p.StandardError.ReadToEndAsync());
    }

    /// <summary>A tool process in flight; <see cref="Wait"/> collects its exit code and output.</summary>
    public sealed class Started(Process process, Task<string> stdout, Task<string> stderr)
    {
        public Process Process => process;

        public (int Exit, string Out, string Err) Wait()
        {
            using (process)
            {
                process.WaitForExit();
                return (process.ExitCode, stdout.Result, stderr.Result);
            }
        }
    }
}
