using Vigil.Detectors.Drift;
using Vigil.Server.Configuration.Slos;
using YamlDotNet.RepresentationModel;
using static System.FormattableString;

namespace Vigil.Server.Detectors.Configuration;

/// <summary><c>detectors.drift</c>: reading (tests by the names of <c>vigil drift compare --test</c>, per-column overrides) and validation.</summary>
internal static partial class DetectorSectionReader
{
    private static DriftDetectorSettings Drift(YamlMapReader reader)
    {
        var settings = Windowed(reader, new DriftDetectorSettings());
        var o = settings.Options;
        settings = settings with
        {
            Features = reader.Strings("features") ?? settings.Features,
            Sample = Int(reader, "sample") ?? settings.Sample,
            Text = reader.Bool("text") ?? settings.Text,
            OutputText = reader.Bool("outputText") ?? settings.OutputText,
            TextFeatures = reader.Strings("textFeatures") ?? settings.TextFeatures,
            Options = o with
            {
                DriftShare = reader.Number("driftShare") ?? o.DriftShare,
                Defaults = new ColumnDriftOptions { Test = Test(reader), Threshold = reader.Number("threshold") },
                MinimumSampleSize = Int(reader, "minimumSampleSize") ?? o.MinimumSampleSize,
                MaxTextSample = Int(reader, "maxTextSample") ?? o.MaxTextSample,
                MaxTextLength = Int(reader, "maxTextLength") ?? o.MaxTextLength,
                Permutations = Int(reader, "permutations") ?? o.Permutations,
                Seed = Int(reader, "seed") ?? o.Seed,
                PerColumn = Columns(reader) ?? o.PerColumn,
            },
        };
        reader.RejectUnknown();
        return settings;
    }

    /// <summary><c>columns: { name: { test, threshold, kind } }</c>: overrides for single columns.</summary>
    private static Dictionary<string, ColumnDriftOptions>? Columns(YamlMapReader reader)
    {
        switch (reader.Node("columns"))
        {
            case null:
                return null;
            case YamlMappingNode map:
                var columns = new Dictionary<string, ColumnDriftOptions>(StringComparer.Ordinal);
                foreach (var (key, value) in map.Children)
                {
                    var name = (key as YamlScalarNode)?.Value ?? key.ToString();
                    var path = $"{reader.At("columns")}.{name}";
                    if (value is not YamlMappingNode mapping)
                    {
                        reader.Errors.AddOnce(path, "expected a mapping with test, threshold and kind");
                        continue;
                    }

                    var column = new YamlMapReader(mapping, path, reader.Errors);
                    columns[name] = new ColumnDriftOptions { Test = Test(column), Threshold = column.Number("threshold"), Kind = Kind(column) };
                    column.RejectUnknown();
                }

                return columns;
            default:
                reader.Errors.AddOnce(reader.At("columns"), "expected a mapping of column name to { test, threshold, kind }");
                return null;
        }
    }

    /// <summary>A test by the names <c>vigil drift compare --test</c> takes: auto, ks, chi2, chi2-gof, z, js, psi, wasserstein, mmd.</summary>
    private static DriftTest? Test(YamlMapReader reader)
    {
        var text = reader.Text("test");
        if (text is null)
        {
            return null;
        }

        if (DriftTests.TryParse(text, out var test))
        {
            return test;
        }

        reader.Errors.AddOnce(reader.At("test"), $"'{text}' is not a drift test (one of: {string.Join(", ", DriftTests.Names)})");
        return null;
    }

    private static ColumnKind? Kind(YamlMapReader reader)
    {
        var text = reader.Text("kind");
        if (text is null)
        {
            return null;
        }

        if (text.All(char.IsAsciiLetter) && Enum.TryParse<ColumnKind>(text, ignoreCase: true, out var kind))
        {
            return kind;
        }

        reader.Errors.AddOnce(reader.At("kind"), $"'{text}' is not a column kind (one of: numeric, categorical, binary, text)");
        return null;
    }

    private static void Drift(Problems p, DriftDetectorSettings drift)
    {
        Windows(p, drift);
        p.Names("features", drift.Features);
        var o = drift.Options;
        if (drift.Sample < DriftOptions.DefaultMinimumSampleSize)
        {
            p.Add("sample", Invariant($"must be at least {DriftOptions.DefaultMinimumSampleSize} (fewer traces cannot show drift), got {drift.Sample}"));
        }
        else if (drift.Sample < o.MinimumSampleSize)
        {
            p.Add("sample", Invariant($"must be at least minimumSampleSize ({o.MinimumSampleSize}), got {drift.Sample}"));
        }

        p.Share("driftShare", o.DriftShare);
        DriftThreshold(p, "threshold", o.Defaults.Test, o.Defaults.Threshold);
        p.AtLeast("minimumSampleSize", o.MinimumSampleSize, 1);
        p.AtLeast("maxTextSample", o.MaxTextSample, 1);
        p.AtLeast("maxTextLength", o.MaxTextLength, 1);
        p.AtLeast("permutations", o.Permutations, 1);
        if (o.Columns is { } columns)
        {
            p.Names("columns", columns);
        }

        foreach (var (name, column) in o.PerColumn)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                p.Add("columns", "a column must have a name");
                continue;
            }

            var test = column.Test is { } t && t != DriftTest.Auto ? t : o.Defaults.Test;
            DriftThreshold(p.In("columns").In(name), "threshold", test, column.Threshold);
        }
    }

    /// <summary>A p-value threshold is in (0, 1); a distance threshold above 0; with auto (tests of both kinds) in (0, 1].</summary>
    private static void DriftThreshold(Problems p, string key, DriftTest? test, double? threshold)
    {
        if (threshold is not { } value)
        {
            return;
        }

        if (test is { } t && t != DriftTest.Auto)
        {
            if (DriftTests.ScoresPValue(t))
            {
                p.Probability(key, value);
            }
            else
            {
                p.Positive(key, value);
            }
        }
        else if (!double.IsFinite(value) || value is <= 0 or > 1)
        {
            p.Add(key, Invariant($"must be above 0 and at most 1 (a p-value or a distance, depending on the test auto picks), got {value}"));
        }
    }
}
