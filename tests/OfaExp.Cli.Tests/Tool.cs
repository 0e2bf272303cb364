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
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
