#if NETSTANDARD2_0
namespace System.Runtime.CompilerServices;

/// <summary>Lets the compiler emit <c>init</c> accessors for netstandard2.0, whose base library lacks this marker type.</summary>
internal static class IsExternalInit
{
}
#endif
