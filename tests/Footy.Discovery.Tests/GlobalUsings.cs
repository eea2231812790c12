global using Xunit;
global using Footy.Testing;
