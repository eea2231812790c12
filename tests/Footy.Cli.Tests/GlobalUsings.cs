global using Footy.Testing;
global using Xunit;
