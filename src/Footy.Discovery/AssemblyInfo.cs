using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Footy.Discovery.Tests")]
