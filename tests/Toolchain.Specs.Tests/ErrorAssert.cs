using Toolchain.Specs.Validation;

namespace Toolchain.Specs.Tests;

internal static class ErrorAssert
{
    /// <summary>Asserts exactly one error has this key path, and checks its file, line, column and message.</summary>
    public static SpecError Single(IReadOnlyList<SpecError> errors, string fileName, int line, int column, string keyPath, string messageContains)
    {
        var matching = errors.Where(e => e.KeyPath == keyPath).ToList();
        Assert.True(matching.Count == 1, $"expected one error at '{keyPath}', got:\n{string.Join("\n", errors)}");
        var error = matching[0];
        Assert.Equal(fileName, Path.GetFileName(error.Location.File));
        Assert.Equal((line, column), (error.Location.Line, error.Location.Column));
        Assert.Contains(messageContains, error.Message);
        return error;
    }
}
