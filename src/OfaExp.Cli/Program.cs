using System.Globalization;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
OfaExp.Cli.WaitPolicy.Apply();
OfaExp.Cli.MallocPolicy.Apply();
return OfaExp.Cli.App.Run(args, Console.Error);
