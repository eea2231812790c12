namespace Footy.Media;

/// <summary>Why an external tool run did not produce a usable result. Every case carries a readable <see cref="Describe"/>.</summary>
public abstract record ToolFailure(string Tool)
{
    /// <summary>The executable could not be started (not installed, wrong path, not executable).</summary>
    public sealed record ToolMissing(string Tool, string Detail) : ToolFailure(Tool)
    {
        public override string Describe() => $"{Tool} could not be started: {Detail}";
    }

    /// <summary>The process exceeded <see cref="MediaToolsOptions.ProcessTimeout"/>; its process tree was killed.</summary>
    public sealed record TimedOut(string Tool, TimeSpan Limit) : ToolFailure(Tool)
    {
        public override string Describe() => $"{Tool} timed out after {Limit.TotalSeconds:0.#} s and was killed";
    }

    /// <summary>The process exited with a non-zero code (or was killed by a signal). <see cref="StderrTail"/> is the end of its stderr.</summary>
    public sealed record Crashed(string Tool, int ExitCode, string StderrTail) : ToolFailure(Tool)
    {
        public override string Describe() =>
            $"{Tool} exited with code {ExitCode}" + (StderrTail.Length == 0 ? "" : $": {LastLine(StderrTail)}");
    }

    /// <summary>stdout or stderr exceeded its cap; the process was killed.</summary>
    public sealed record OutputTooLarge(string Tool, string Stream, long LimitBytes) : ToolFailure(Tool)
    {
        public override string Describe() => $"{Tool} wrote more than {LimitBytes} bytes to {Stream} and was killed";
    }

    public abstract string Describe();

    internal static string LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "" : lines[^1];
    }
}

/// <summary>A finished run: exit code 0, its stdout (empty when a consumer streamed it) and the end of its stderr.</summary>
public sealed record ToolRun(int ExitCode, byte[] Stdout, string StderrTail, TimeSpan Elapsed);

/// <summary>Either a <see cref="ToolRun"/> (exit code 0) or a <see cref="ToolFailure"/>.</summary>
public readonly record struct ToolOutcome(ToolRun? Run, ToolFailure? Failure)
{
    public bool Succeeded => Failure is null;
    public static ToolOutcome Ok(ToolRun run) => new(run, null);
    public static ToolOutcome Failed(ToolFailure failure) => new(null, failure);
}
