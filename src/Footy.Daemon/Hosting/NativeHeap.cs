using System.Globalization;
using System.Runtime.InteropServices;

namespace Footy.Daemon.Hosting;

/// <summary>
/// glibc's malloc gives each thread that allocates an arena of its own, up to 8 per core, and keeps what each arena once
/// held: 18 MB of an idle daemon's resident memory (docs/benchmarks.md, "Memory"). The runtime configuration's
/// <c>Footy.MallocArenaMax</c> (src/Footy.Cli/Runtime.props) caps them, as <c>MALLOC_ARENA_MAX</c> would, for the threads that
/// allocate from then on; called first thing at start.
/// </summary>
public static class NativeHeap
{
    public const string ArenaMaxSetting = "Footy.MallocArenaMax";
    private const int MArenaMax = -8; // glibc malloc.h

    /// <summary>Caps the arenas at the runtime configuration's number; false where it is not set or there is no glibc.</summary>
    public static bool LimitArenasFromRuntimeConfig() =>
        AppContext.GetData(ArenaMaxSetting) is string text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var arenas)
        && LimitArenas(arenas);

    public static bool LimitArenas(int arenas)
    {
        if (!OperatingSystem.IsLinux() || arenas < 1) return false;
        try
        {
            return MallOpt(MArenaMax, arenas) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // not glibc (musl has no arenas to cap)
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int param, int value);
}
