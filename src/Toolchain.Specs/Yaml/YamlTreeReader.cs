using System.Text.RegularExpressions;
using Toolchain.Specs.Validation;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Toolchain.Specs.Yaml;

/// <summary>
/// Parses one YAML file into <see cref="SpecNode"/>s from YamlDotNet's event stream. Duplicate keys
/// are reported (all of them) instead of aborting the load; syntax errors become a
/// <see cref="SpecError"/> at the parser's position.
/// </summary>
public static partial class YamlTreeReader
{
    /// <summary>Largest file read (a spec is a few kilobytes; a huge one is a mistake or an attack).</summary>
    public const int MaxChars = 4 * 1024 * 1024;

    /// <summary>Deepest nesting of mappings and lists (the reader recurses; 20k levels overflowed the stack).</summary>
    public const int MaxDepth = 128;

    /// <summary>Most nodes that aliases may copy in one file (each use of an alias gets its own location).</summary>
    public const int MaxAliasNodes = 100_000;

    /// <param name="text">The file's contents.</param>
    /// <param name="displayPath">The file as it appears in error messages.</param>
    /// <param name="baseDirectory">Absolute folder of the file, for resolving relative paths in it.</param>
    /// <param name="errors">Receives duplicate-key and syntax errors.</param>
    /// <returns>The document's root, or null when the file is empty or not valid YAML.</returns>
    public static SpecNode? Read(string text, string displayPath, string baseDirectory, List<SpecError> errors)
    {
        var state = new ReaderState(displayPath, baseDirectory, errors);
        if (text.Length > MaxChars)
        {
            errors.Add(new SpecError(new SourceLocation(displayPath, 1, 1), "", $"the file is {text.Length} characters long, above the limit of {MaxChars}"));
            return null;
        }
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                errors.Add(new SpecError(new SourceLocation(displayPath, 1, 1), "", "the file is empty"));
                return null;
            }
            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, state, "", 0);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var second))
            {
                errors.Add(new SpecError(state.Locate(second.Start), "", "the file holds more than one YAML document; a spec is one document"));
                return null;
            }
            return root;
        }
        catch (YamlException ex)
        {
            errors.Add(new SpecError(state.Locate(ex.Start), "", "YAML syntax error: " + StripMarks(ex.Message)));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (without a position) on some malformed flow collections,
            // e.g. an unclosed "[1, 2" followed by more keys; point after the last node that parsed.
            errors.Add(new SpecError(state.Locate(state.LastGood), "", "YAML syntax error: malformed value after this point (an unclosed '[' or '{'?)"));
            return null;
        }
    }

    private static SpecNode ReadNode(IParser parser, ReaderState state, string path, int depth)
    {
        if (parser.Current is { } upcoming) state.LastGood = upcoming.Start;
        if (depth > MaxDepth)
        {
            throw new YamlException(state.LastGood, state.LastGood, $"nesting deeper than {MaxDepth} levels");
        }
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (state.Anchors.TryGetValue(alias.Value.Value, out var target))
            {
                // A copy located at the alias, so an error in the aliased value points at each place it is used.
                return Relocate(target, state.Locate(alias.Start), path, state, alias);
            }
            throw new YamlException(alias.Start, alias.End, $"unknown alias '*{alias.Value.Value}'");
        }

        if (parser.TryConsume<Scalar>(out var scalar))
        {
            var quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted
                || scalar.Style is ScalarStyle.Literal or ScalarStyle.Folded;
            var node = new ScalarNode(state.Locate(scalar.Start), path, scalar.Value, quoted) { BaseDirectory = state.BaseDirectory };
            return state.Remember(scalar.Anchor, node);
        }

        if (parser.TryConsume<SequenceStart>(out var seqStart))
        {
            var items = new List<SpecNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
                items.Add(ReadNode(parser, state, $"{path}[{items.Count}]", depth + 1));
            var node = new SequenceNode(state.Locate(seqStart.Start), path, items) { BaseDirectory = state.BaseDirectory };
            return state.Remember(seqStart.Anchor, node);
        }

        var mapStart = parser.Consume<MappingStart>();
        var entries = new List<MappingEntry>();
        var byKey = new Dictionary<string, MappingEntry>(StringComparer.Ordinal);
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyEvent = parser.Current!;
            var keyNode = ReadNode(parser, state, path, depth + 1);
            if (keyNode is not ScalarNode key || key.IsNull)
            {
                state.Errors.Add(new SpecError(state.Locate(keyEvent.Start), path, "mapping keys must be plain names"));
                ReadNode(parser, state, path, depth + 1);
                continue;
            }
            var childPath = path.Length == 0 ? key.Value : $"{path}.{key.Value}";
            // The key's own path is the entry's path, so "unknown key" errors name the key itself.
            key = new ScalarNode(key.Location, childPath, key.Value, key.IsQuoted) { BaseDirectory = state.BaseDirectory };
            var value = ReadNode(parser, state, childPath, depth + 1);
            // A dictionary, not a scan of the entries so far: 80k keys took 34 s that way.
            if (byKey.TryGetValue(key.Value, out var first))
            {
                state.Errors.Add(new SpecError(key.Location, childPath,
                    $"duplicate key '{key.Value}' (first defined at line {first.Key.Location.Line})"));
                continue;
            }
            var entry = new MappingEntry(key, value);
            byKey.Add(key.Value, entry);
            entries.Add(entry);
        }
        var mapping = new MappingNode(state.Locate(mapStart.Start), path, entries) { BaseDirectory = state.BaseDirectory };
        return state.Remember(mapStart.Anchor, mapping);
    }

    private static SpecNode Relocate(SpecNode node, SourceLocation at, string path, ReaderState state, ParsingEvent alias)
    {
        if (++state.AliasNodes > MaxAliasNodes)
        {
            throw new YamlException(alias.Start, alias.End, $"aliases expand to more than {MaxAliasNodes} nodes");
        }
        var directory = node.BaseDirectory;
        return node switch
        {
            ScalarNode scalar => new ScalarNode(at, path, scalar.Value, scalar.IsQuoted) { BaseDirectory = directory },
            SequenceNode sequence => new SequenceNode(at, path,
                sequence.Items.Select((item, i) => Relocate(item, at, $"{path}[{i}]", state, alias)).ToList()) { BaseDirectory = directory },
            MappingNode mapping => new MappingNode(at, path, mapping.Entries.Select(e =>
            {
                var childPath = path.Length == 0 ? e.Key.Value : $"{path}.{e.Key.Value}";
                return new MappingEntry(
                    new ScalarNode(at, childPath, e.Key.Value, e.Key.IsQuoted) { BaseDirectory = directory },
                    Relocate(e.Value, at, childPath, state, alias));
            }).ToList()) { BaseDirectory = directory },
            _ => node,
        };
    }

    // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the location is printed separately.
    private static string StripMarks(string message) => MarkPrefix().Replace(message, "");

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();

    private sealed class ReaderState(string displayPath, string baseDirectory, List<SpecError> errors)
    {
        public string BaseDirectory { get; } = baseDirectory;
        public List<SpecError> Errors { get; } = errors;
        public Dictionary<string, SpecNode> Anchors { get; } = new(StringComparer.Ordinal);
        public Mark LastGood { get; set; } = Mark.Empty;
        public int AliasNodes { get; set; }

        public SourceLocation Locate(Mark mark) =>
            new(displayPath, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

        public SpecNode Remember(AnchorName anchor, SpecNode node)
        {
            if (!anchor.IsEmpty) Anchors[anchor.Value] = node;
            return node;
        }
    }
}
