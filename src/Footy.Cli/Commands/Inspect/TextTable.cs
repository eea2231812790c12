using System.Text;

namespace Footy.Cli.Commands.Inspect;

/// <summary>Plain-text tables for the inspection commands: a header row, columns padded to their widest cell.</summary>
internal static class TextTable
{
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var all = rows.Select(r => r.Select(c => c ?? "").ToList()).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => i < r.Count ? r[i].Length : 0))).ToList();
        var text = new StringBuilder();
        Line(text, headers, widths);
        foreach (var row in all) Line(text, row, widths);
        if (all.Count == 0) text.AppendLine("(none)");
        return text.ToString();
    }

    public static string Pairs(IEnumerable<(string Name, string? Value)> pairs)
    {
        var list = pairs.ToList();
        var width = list.Max(p => p.Name.Length);
        var text = new StringBuilder();
        foreach (var (name, value) in list) text.Append(name.PadRight(width)).Append("  ").AppendLine(value ?? "-");
        return text.ToString();
    }

    public static string Time(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "-";

    private static void Line(StringBuilder text, IReadOnlyList<string> cells, IReadOnlyList<int> widths)
    {
        for (var i = 0; i < widths.Count; i++)
        {
            var cell = i < cells.Count ? cells[i] : "";
            text.Append(i == widths.Count - 1 ? cell : cell.PadRight(widths[i] + 2));
        }
        text.AppendLine();
    }
}
