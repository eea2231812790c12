namespace Footy.Cli.Commands;

/// <summary>The process's real standard output, reserved for command results (summaries, JSON, tables).</summary>
internal static class CommandOutput
{
    public static TextWriter Out { get; private set; } = Console.Out;

    public static void Capture()
    {
        Out = Console.Out;
        Console.SetOut(Console.Error);
    }
}
