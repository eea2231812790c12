global using Footy.ApiFootball;
global using Footy.ApiFootball.Tests;
global using Footy.Testing;
