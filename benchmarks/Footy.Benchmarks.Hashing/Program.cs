using System.Globalization;
using Footy.Media;
using Footy.Media.Tests.Synthetic;

var set = await LabelledSet.EnsureAsync(log: Console.Error.WriteLine);
Console.WriteLine($"set {set.Directory} cached={set.WasCached} gen={set.GenerationTime.TotalSeconds:0.0}s clips={set.Clips.Count}");
// Raw grids once
var fper = new VideoFingerprinter();
var runner = new ToolRunner();
var raw = new List<(LabelledClip clip, List<byte[]> frames, CropRect? crop, int w, int h, ClipProbe probe)>();
var prober = new ClipProber();
await Parallel.ForEachAsync(set.Clips, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (clip, ct) => {
  var probe = (await prober.ProbeAsync(clip.Path)).Probe!;
  var frames = new List<byte[]>(); var vote = new CropVote(); int w = 0, h = 0;
  await runner.RunAsync("ffmpeg", fper.BuildArguments(clip.Path), async (s, t) => {
     while (true) { var b = new byte[128*128]; var n = await s.ReadAtLeastAsync(b, b.Length, false, t); if (n < b.Length) break; frames.Add(b); } },
     line => { if (!vote.AddLine(line) && w == 0 && line.Contains("showinfo") && System.Text.RegularExpressions.Regex.Match(line, @"(?<![A-Za-z_])s:(\d+)x(\d+)") is { Success: true } m) { w = int.Parse(m.Groups[1].Value); h = int.Parse(m.Groups[2].Value); } });
  lock (raw) raw.Add((clip, frames, vote.Decide(w, h), w, h, probe));
});
Console.WriteLine("raw done");
foreach (var low in new[] { 1 })
foreach (var margin in new[] { 0.10, 0.15, 0.18, 0.22 }) {
  PerceptualHash.Low = low;
  var clips = raw.Select(r => {
    var rect = r.crop ?? new CropRect(r.w, r.h, 0, 0);
    var mx = (int)(rect.Width * margin); var my = (int)(rect.Height * margin);
    var grid = FrameGrid.ForCrop(128, new CropRect(rect.Width - 2 * mx, rect.Height - 2 * my, rect.X + mx, rect.Y + my), r.w, r.h);
    var px = new float[1024]; var hs = new ulong[r.frames.Count]; var ms = new ulong[r.frames.Count];
    for (int i = 0; i < r.frames.Count; i++) { grid.Resample(r.frames[i], px); (hs[i], ms[i]) = PerceptualHash.Compute(px); }
    return new FingerprintedClip(r.clip, r.probe, new VideoFingerprint(0.25, hs, ms, r.crop?.ToString(), r.probe.DurationSeconds));
  }).ToList();
  Console.WriteLine($"######## LOW={low} MARGIN={margin}");
  var rows = PairwiseEvaluation.Sweep(clips, MatchOptions.Default, [12, 14, 16, 18, 20], [0.5, 0.6, 0.7, 0.8]);
  foreach (var r in rows.Where(r => r.Score.Precision >= 0.98 && r.Score.Recall >= 0.95)) Console.WriteLine($"T={r.MaxFrameDistance,2} F={r.MinMatchingFraction:0.0} P={r.Score.Precision:0.000} R={r.Score.Recall:0.000} TP={r.Score.TruePositives} FP={r.Score.FalsePositives} FN={r.Score.FalseNegatives}");
  foreach (var t in new[] { 12, 14, 16, 18, 20 }) {
    var pairs = PairwiseEvaluation.CompareAll(clips, MatchOptions.Default with { MaxFrameDistance = t, MinMatchingFraction = 0 });
    var negMax = pairs.Where(p => !p.SameGoal).Max(p => p.Match.MatchingFraction);
    var negMaxNoG5 = pairs.Where(p => !p.SameGoal && !(p.A.Clip.GoalId == "m1-g1" && p.B.Clip.GoalId == "m1-g5")).Max(p => p.Match.MatchingFraction);
    var pos = pairs.Where(p => p.SameGoal).Select(p => p.Match.MatchingFraction).OrderBy(x => x).ToList();
    Console.WriteLine($"  T={t}: neg max {negMax:0.00} (w/o g1-g5 {negMaxNoG5:0.00}); pos min {pos[0]:0.00}, p1 {pos[pos.Count/100]:0.00}, p5 {pos[pos.Count/20]:0.00}");
  }
}
