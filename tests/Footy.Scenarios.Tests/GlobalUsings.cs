global using Footy.Testing;
