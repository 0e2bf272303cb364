using System.Diagnostics;

namespace OfaExp.Cli.Tests;

/// <summary>Runs the built ofaexp tool as a separate process, the way a user does.</summary>
internal static class Tool
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "ofaexp.dll");

    public static (int Exit, string Out, string Err) Run(string workingDirectory, params string[] args) =>
        RunDll(Dll, workingDirectory, args);

    public static (int Exit, string Out, string Err) RunDll(string dll, string workingDirectory, params string[] args) =>
        StartDll(dll, workingDirectory, args).Wait();

    /// <summary>Starts the tool and returns at once, for tests that run several at a time or stop one.</summary>
    public static Started Start(string workingDirectory, params string[] args) => StartDll(Dll, workingDirectory, args);

    private static Started StartDll(string dll, string workingDirectory, string[] args)
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
