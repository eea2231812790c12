namespace Footy.Recordings;

/// <summary>A recording folder that does not follow the recording format; the message names the file and the field.</summary>
public sealed class RecordingFormatException : Exception
{
    public RecordingFormatException(string message) : base(message) { }

    public RecordingFormatException(string message, Exception inner) : base(message, inner) { }
}
