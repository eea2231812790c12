using System.Globalization;
using System.Text;

namespace Footy.Media.Synthetic;

/// <summary>How one match looks: shared by all its goals (the hard negatives share all of it).</summary>
public sealed record MatchLook(
    string MatchId,
    string Grass,
    string GrassStripe,
    string Stands,
    string[] AdBoards,
    string HomeColour,
    string AwayColour,
    string Home,
    string Away);

/// <summary>
/// One goal's footage: a wide shot with a panning/tilting camera over a striped pitch with moving players and a ball,
/// then a cut to a close-up of the scorer. Everything moves as a function of t, seeded per goal.
/// </summary>
/// <param name="CameraSeed">Seed of the camera path (default: <see cref="Seed"/>). Two goals sharing it pan the same
/// way: the hardest negatives (same pitch, same camera move, different players).</param>
/// <param name="CameraSpeed">Scales the pan/tilt speed (with a shared camera seed: "similar shot, not the same").</param>
public sealed record GoalScene(MatchLook Look, string GoalId, int Seed, string Score, int Minute, bool HomeScored,
    double WideSeconds = 8.5, double CloseUpSeconds = 3.5, int? CameraSeed = null, double CameraSpeed = 1.0)
{
    public double Duration => WideSeconds + CloseUpSeconds;
}

/// <summary>Builds ffmpeg lavfi argument lists for synthetic football footage (no shell involved).</summary>
public static class SyntheticFootage
{
    public const int CanvasWidth = 2560, CanvasHeight = 1000, Fps = 25;
    private const string FontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static bool HasFont => File.Exists(FontPath);

    public static MatchLook DefaultMatch { get; } = new("m1", "0x2f7a32", "0x3a8c3c", "0x3b3b4a",
        ["0xd32f2f", "0x1976d2", "0xfbc02d", "0xffffff", "0x7b1fa2", "0xf57c00", "0x0097a7", "0xc2185b"],
        "0xe53935", "0x1e88e5", "ARS", "CHE");

    public static MatchLook OtherMatch { get; } = new("m2", "0x3d6b2a", "0x4a7d33", "0x5a4636",
        ["0x2e7d32", "0xffeb3b", "0x000000", "0xe91e63", "0x00bcd4", "0x8bc34a"],
        "0xffffff", "0x212121", "JUV", "MIL");

    /// <summary>Arguments rendering <paramref name="scene"/> at <paramref name="width"/>x<paramref name="height"/>
    /// (the camera window is 1280x720 canvas pixels, scaled to the output size).</summary>
    /// <param name="grain">Temporal luma/chroma noise strength (ffmpeg <c>noise=alls=N:allf=t</c>) added at the end: camera
    /// grain and texture, so the clip has the bit rate and decode cost of real footage (0 = clean, very cheap to decode).</param>
    public static List<string> RenderArguments(GoalScene scene, string output, int width = 1280, int height = 720,
        int crf = 16, string preset = "veryfast", int keyint = 50, double? durationOverride = null, int grain = 0)
    {
        var rng = new Random(scene.Seed);
        var look = scene.Look;
        var wide = durationOverride is { } total ? Math.Max(1, total - scene.CloseUpSeconds) : scene.WideSeconds;
        var close = scene.CloseUpSeconds;
        var pitch = new StringBuilder();
        pitch.Append(Inv, $"color=c={look.Grass}:s={CanvasWidth}x{CanvasHeight}:r={Fps}:d=1");
        for (var k = 0; k < CanvasWidth / 200; k += 2)
            pitch.Append(Inv, $",drawbox=x={k * 200}:y=220:w=200:h={CanvasHeight - 220}:c={look.GrassStripe}:t=fill");
        pitch.Append(Inv, $",drawbox=x=0:y=0:w={CanvasWidth}:h=200:c={look.Stands}:t=fill");
        // crowd texture: rows of lighter blocks in the stands
        for (var r = 0; r < 4; r++)
            for (var k = 0; k < 16; k++)
                if ((k + r) % 3 != 0)
                    pitch.Append(Inv, $",drawbox=x={k * 160 + r * 40}:y={20 + r * 45}:w=90:h=25:c=0x6a6a7a:t=fill");
        for (var k = 0; k < CanvasWidth / 200 + 1; k++)
            pitch.Append(Inv, $",drawbox=x={k * 200}:y=200:w=200:h=40:c={look.AdBoards[k % look.AdBoards.Length]}:t=fill");
        pitch.Append(",drawbox=x=100:y=260:w=2360:h=760:c=white:t=5");       // touchlines
        pitch.Append(",drawbox=x=1278:y=260:w=5:h=760:c=white:t=fill");      // halfway line
        pitch.Append(",drawbox=x=100:y=440:w=330:h=400:c=white:t=5");        // penalty boxes
        pitch.Append(",drawbox=x=2130:y=440:w=330:h=400:c=white:t=5");
        pitch.Append(",drawbox=x=100:y=560:w=110:h=160:c=white:t=5");        // six-yard boxes
        pitch.Append(",drawbox=x=2350:y=560:w=110:h=160:c=white:t=5");
        pitch.Append(",drawbox=x=1180:y=540:w=200:h=200:c=white:t=5");       // centre "circle"
        pitch.Append(",drawbox=x=60:y=600:w=40:h=80:c=0xeeeeee:t=fill");     // goals
        pitch.Append(",drawbox=x=2460:y=600:w=40:h=80:c=0xeeeeee:t=fill");

        var g = new StringBuilder();
        g.Append(Inv, $"[0:v]trim=end_frame=1,loop=loop=-1:size=1:start=0,setpts=N/{Fps}/TB,trim=duration={F(wide)}[p0];");
        var n = 0;
        var attackRight = rng.Next(2) == 0;
        for (var p = 0; p < 12; p++)
        {
            var home = p % 2 == 0;
            var colour = p == 11 ? "0xffee58" : home ? look.HomeColour : look.AwayColour;
            var x0 = 300 + rng.NextDouble() * 1960;
            var y0 = 300 + rng.NextDouble() * 600;
            var vx = (attackRight ? 1 : -1) * (20 + rng.NextDouble() * 60) * (home == scene.HomeScored ? 1.3 : 0.8);
            var ax = 30 + rng.NextDouble() * 80;
            var ay = 20 + rng.NextDouble() * 60;
            var w1 = 0.3 + rng.NextDouble();
            var w2 = 0.3 + rng.NextDouble();
            var ph = rng.NextDouble() * 6;
            g.Append(Inv, $"color=c={colour}:s=26x62:r={Fps}:d={F(wide)}[pl{p}];");
            g.Append(Inv, $"[p{n}][pl{p}]overlay=x='{F(x0)}+{F(vx)}*t+{F(ax)}*sin({F(w1)}*t+{F(ph)})':y='{F(y0)}+{F(ay)}*cos({F(w2)}*t+{F(ph)})':eval=frame[p{n + 1}];");
            n++;
        }
        var bx = 600 + rng.NextDouble() * 1300;
        var bvx = (attackRight ? 1 : -1) * (80 + rng.NextDouble() * 90);
        g.Append(Inv, $"color=c=white:s=16x16:r={Fps}:d={F(wide)}[ball];");
        g.Append(Inv, $"[p{n}][ball]overlay=x='{F(bx)}+{F(bvx)}*t':y='{F(500 + rng.NextDouble() * 250)}+{F(60 + rng.NextDouble() * 90)}*sin({F(0.5 + rng.NextDouble())}*t)':eval=frame[p{n + 1}];");
        n++;

        // Camera: a pan between two random points (sometimes nearly static), a tilt and a wobble.
        var cam = new Random((scene.CameraSeed ?? scene.Seed) * 7919 + 17);
        var camX0 = cam.NextDouble() * (CanvasWidth - 1280);
        var camX1 = Math.Clamp(camX0 + (cam.NextDouble() * 2 - 1) * 1100, 0, CanvasWidth - 1280);
        var camY0 = cam.NextDouble() * 280;
        var camY1 = cam.NextDouble() * 280;
        var wob = 15 + cam.NextDouble() * 40;
        var wobW = 0.4 + cam.NextDouble();
        var speed = scene.CameraSpeed;
        var camX = $"clip({F(camX0)}+({F((camX1 - camX0) * speed)})*t/{F(wide)}+{F(wob)}*sin({F(wobW * speed)}*t),0,{CanvasWidth - 1280})";
        var camY = $"clip({F(camY0)}+({F((camY1 - camY0) * speed)})*t/{F(wide)},0,{CanvasHeight - 720})";
        g.Append(Inv, $"[p{n}]crop=w=1280:h=720:x='{camX}':y='{camY}',{Scoreboard(scene)},format=yuv420p,setsar=1[wide];");

        // Close-up of the scorer: big shirt with a number on blurred-looking grass, slowly drifting.
        var shirt = scene.HomeScored ? look.HomeColour : look.AwayColour;
        var number = 2 + rng.Next(20);
        var sx = 300 + rng.NextDouble() * 500;
        var sdx = (rng.NextDouble() * 2 - 1) * 60;
        g.Append(Inv, $"color=c={look.GrassStripe}:s=1280x720:r={Fps}:d={F(close)},drawbox=x=0:y=0:w=1280:h=160:c={look.Stands}:t=fill[cbg];");
        g.Append(Inv, $"color=c={shirt}:s=340x560:r={Fps}:d={F(close)}");
        if (HasFont) g.Append(Inv, $",drawtext=fontfile={FontPath}:text='{number}':x=(w-text_w)/2:y=120:fontsize=220:fontcolor=white");
        g.Append("[shirt];");
        g.Append(Inv, $"color=c=0xf0c8a0:s=150x150:r={Fps}:d={F(close)}[head];");
        g.Append(Inv, $"[cbg][shirt]overlay=x='{F(sx)}+{F(sdx)}*t':y=200:eval=frame[c1];");
        g.Append(Inv, $"[c1][head]overlay=x='{F(sx + 95)}+{F(sdx)}*t':y=40:eval=frame,{Scoreboard(scene)},format=yuv420p,setsar=1[close];");
        g.Append("[wide][close]concat=n=2:v=1:a=0");
        if (width != 1280 || height != 720) g.Append(Inv, $",scale={width}:{height}:flags=bicubic");
        if (grain > 0) g.Append(Inv, $",noise=alls={grain}:allf=t");
        g.Append("[out]");

        return
        [
            "-nostdin", "-hide_banner", "-v", "error", "-y",
            "-f", "lavfi", "-i", pitch.ToString(),
            "-filter_complex", g.ToString(),
            "-map", "[out]", "-c:v", "libx264", "-preset", preset, "-crf", crf.ToString(Inv),
            "-g", keyint.ToString(Inv), "-pix_fmt", "yuv420p", "-movflags", "+faststart", output,
        ];
    }

    private static string Scoreboard(GoalScene scene)
    {
        var box = "drawbox=x=40:y=30:w=330:h=50:c=0x101030@0.85:t=fill";
        if (!HasFont) return box + ",drawbox=x=50:y=40:w=60:h=30:c=white:t=fill";
        var text = $"{scene.Look.Home} {scene.Score} {scene.Look.Away}  {scene.Minute}";
        return box + $",drawtext=fontfile={FontPath}:text='{text}':x=55:y=42:fontsize=26:fontcolor=white";
    }

    /// <summary>A variant of a master clip: ffmpeg arguments that transform <paramref name="master"/> into <paramref name="output"/>.</summary>
    public static List<string> VariantArguments(string master, string output, VariantSpec v)
    {
        var args = new List<string> { "-nostdin", "-hide_banner", "-v", "error", "-y" };
        if (v.Ident)
        {
            var ident = "color=c=0x0d1b4c:s=640x360:r=25:d=1.5,drawbox=x=0:y=150:w=640:h=60:c=0xffffff@0.3:t=fill";
            if (HasFont) ident += $",drawtext=fontfile={FontPath}:text='FOOTY TV':x='40+120*t':y=160:fontsize=40:fontcolor=white";
            args.AddRange(["-f", "lavfi", "-i", ident]);
        }
        if (v.Start > 0) args.AddRange(["-ss", F(v.Start)]);
        if (v.Duration is { } d) args.AddRange(["-t", F(d)]);
        args.AddRange(["-i", master]);
        var chain = new List<string>();
        if (v.ZoomKeep is { } keep) chain.Add($"crop=iw*{F(keep)}:ih*{F(keep)}");
        if (v.Mirror) chain.Add("hflip");
        chain.Add($"scale={v.Width}:{v.Height}:flags=bicubic");
        if (v.Fps is { } fps) chain.Add($"fps={fps}");
        if (v.Logo)
        {
            // broadcaster bug: opaque box with a coloured block and letters, top right
            var lw = v.Width / 7; var lh = v.Height / 9;
            chain.Add($"drawbox=x=iw-{lw + v.Width / 40}:y={v.Height / 30}:w={lw}:h={lh}:c=0xfafafa:t=fill");
            chain.Add($"drawbox=x=iw-{lw + v.Width / 40}:y={v.Height / 30}:w={lh}:h={lh}:c=0xc62828:t=fill");
            if (HasFont) chain.Add($"drawtext=fontfile={FontPath}:text='TV':x=w-{lw + v.Width / 40 - lh - 4}:y={v.Height / 30 + lh / 5}:fontsize={lh * 2 / 3}:fontcolor=0x222222");
        }
        if (v.LowerThird) chain.Add("drawbox=x=0:y=ih*0.62:w=iw:h=ih*0.25:c=0x202060@0.9:t=fill"); // big caption banner
        if (v.PadWidth is { } pw && v.PadHeight is { } ph) chain.Add($"pad={pw}:{ph}:(ow-iw)/2:(oh-ih)/2:black");
        chain.Add("setsar=1");
        chain.Add("format=yuv420p");
        if (v.Ident)
        {
            var ow = v.PadWidth ?? v.Width; var oh = v.PadHeight ?? v.Height;
            args.AddRange(["-filter_complex",
                $"[0:v]scale={ow}:{oh},setsar=1,format=yuv420p,fps=25[a];[1:v]{string.Join(",", chain)},fps=25[b];[a][b]concat=n=2:v=1:a=0[out]",
                "-map", "[out]"]);
        }
        else
        {
            args.AddRange(["-vf", string.Join(",", chain)]);
        }
        args.AddRange(["-an", "-c:v", "libx264", "-preset", v.Preset, "-crf", v.Crf.ToString(Inv), "-pix_fmt", "yuv420p", output]);
        return args;
    }

    private static string F(double value) => value.ToString("0.###", Inv);
}

/// <summary>How a variant differs from its master.</summary>
public sealed record VariantSpec(
    string Name,
    int Width = 640,
    int Height = 360,
    int Crf = 26,
    double Start = 0,
    double? Duration = null,
    bool Mirror = false,
    bool Logo = false,
    double? ZoomKeep = null,
    int? PadWidth = null,
    int? PadHeight = null,
    int? Fps = null,
    bool Ident = false,
    string Preset = "superfast",
    bool LowerThird = false);
