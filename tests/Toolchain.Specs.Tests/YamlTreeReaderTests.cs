using Toolchain.Specs.Validation;
using Toolchain.Specs.Yaml;

namespace Toolchain.Specs.Tests;

public class YamlTreeReaderTests
{
    private static (SpecNode? Root, List<SpecError> Errors) Read(string yaml)
    {
        var errors = new List<SpecError>();
        var root = YamlTreeReader.Read(yaml.ReplaceLineEndings("\n"), "f.yaml", "/base", errors);
        return (root, errors);
    }

    [Fact]
    public void Nesting_twenty_thousand_levels_deep_is_an_error_not_a_stack_overflow()
    {
        var (root, errors) = Read("a: " + new string('[', 20_000) + new string(']', 20_000) + "\n");
        Assert.Null(root);
        Assert.Contains("nesting deeper than 128 levels", Assert.Single(errors).Message);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_before_parsing()
    {
        var (root, errors) = Read("a: '" + new string('x', YamlTreeReader.MaxChars) + "'\n");
        Assert.Null(root);
        Assert.Contains("above the limit of 4194304", Assert.Single(errors).Message);
    }

    [Fact]
    public void The_duplicate_key_check_is_linear_in_the_number_of_keys()
    {
        var yaml = new System.Text.StringBuilder();
        for (var i = 0; i < 80_000; i++) yaml.Append("k").Append(i).Append(": 1\n");
        yaml.Append("k7: 2\n");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (_, errors) = Read(yaml.ToString());
        // Quadratic, this took 34 s; linear, well under a second even on a loaded machine.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Contains("duplicate key 'k7' (first defined at line 8)", Assert.Single(errors).Message);
    }

    [Fact]
    public void A_value_used_through_an_alias_is_located_at_the_alias()
    {
        var (root, errors) = Read("""
            base: &b {rate: x}
            first: *b
            second: *b
            """);
        Assert.Empty(errors);
        var second = (MappingNode)((MappingNode)root!)["second"]!;
        var rate = second["rate"]!;
        Assert.Equal(("second.rate", 3), (rate.DocumentPath, rate.Location.Line));
        Assert.Equal("base.rate", ((MappingNode)((MappingNode)root)["base"]!)["rate"]!.DocumentPath);
    }

    [Fact]
    public void Aliases_that_expand_exponentially_are_stopped()
    {
        var yaml = new System.Text.StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 9; i++)
            yaml.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        var (root, errors) = Read(yaml.ToString());
        Assert.Null(root);
        Assert.Contains("aliases expand to more than 100000 nodes", Assert.Single(errors).Message);
    }

    [Fact]
    public void Nodes_carry_one_based_lines_columns_and_key_paths()
    {
        var (root, errors) = Read("""
            a:
              b: [1, 2]
              c:
                - d: x
            """);
        Assert.Empty(errors);
        var a = (MappingNode)((MappingNode)root!)["a"]!;
        var list = (SequenceNode)a["b"]!;
        Assert.Equal(new SourceLocation("f.yaml", 2, 6), list.Location);
        Assert.Equal("a.b[1]", list.Items[1].DocumentPath);
        var d = ((MappingNode)((SequenceNode)a["c"]!).Items[0])["d"]!;
        Assert.Equal(("a.c[0].d", 4, 10), (d.DocumentPath, d.Location.Line, d.Location.Column));
        Assert.Equal("/base", d.BaseDirectory);
    }

    [Fact]
    public void Every_duplicate_key_is_reported_and_the_first_value_kept()
    {
        var (root, errors) = Read("""
            seed: 1
            name: x
            seed: 2
            inner:
              k: 1
              k: 2
            """);
        Assert.Equal(["f.yaml:3:1: seed: duplicate key 'seed' (first defined at line 1)", "f.yaml:6:3: inner.k: duplicate key 'k' (first defined at line 5)"],
            errors.Select(e => e.ToString()));
        Assert.Equal("1", ((ScalarNode)((MappingNode)root!)["seed"]!).Value);
    }

    [Fact]
    public void Syntax_errors_are_located_without_the_parser_prefix()
    {
        var (root, errors) = Read("a: 1\nb:\n  c: 2\n d: 3\n");
        Assert.Null(root);
        var error = Assert.Single(errors);
        Assert.Equal(("f.yaml", 4, 2), (error.Location.File, error.Location.Line, error.Location.Column));
        Assert.StartsWith("YAML syntax error: ", error.Message);
        Assert.DoesNotContain("Idx:", error.Message);
    }

    [Fact]
    public void An_unclosed_flow_list_is_reported_where_it_stops_parsing()
    {
        // YamlDotNet throws a position-less InvalidOperationException here; the reader still locates it.
        var (root, errors) = Read("a: 1\nb: [1, 2\nc: 3\n");
        Assert.Null(root);
        var error = Assert.Single(errors);
        Assert.Equal(2, error.Location.Line);
        Assert.Contains("unclosed", error.Message);
    }

    [Fact]
    public void Quoted_scalars_are_never_null_and_plain_empty_is()
    {
        var (root, _) = Read("a: ''\nb:\nc: 'null'\nd: ~\n");
        var map = (MappingNode)root!;
        Assert.False(((ScalarNode)map["a"]!).IsNull);
        Assert.True(((ScalarNode)map["b"]!).IsNull);
        Assert.False(((ScalarNode)map["c"]!).IsNull);
        Assert.True(((ScalarNode)map["d"]!).IsNull);
    }

    [Fact]
    public void Empty_files_and_second_documents_are_errors()
    {
        Assert.Equal("the file is empty", Assert.Single(Read("").Errors).Message);
        Assert.Contains("more than one YAML document", Assert.Single(Read("a: 1\n---\nb: 2\n").Errors).Message);
    }
}
