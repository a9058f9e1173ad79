using System.Runtime.CompilerServices;

// The procedural renderer's numeric helpers are internal but tested directly.
[assembly: InternalsVisibleTo("Toolchain.Data.Tests")]
