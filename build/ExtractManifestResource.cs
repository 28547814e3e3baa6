#:property PublishAot=false
// Build-time helper (run as a .NET 10 file-based app by BlazorFrameworkScript.targets):
// copies one embedded manifest resource out of a managed assembly without loading it.
// Usage: dotnet run ExtractManifestResource.cs -- <assembly> <resource-name> <output-file>
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: ExtractManifestResource <assembly> <resource-name> <output-file>");
    return 2;
}
var (assemblyPath, resourceName, outputPath) = (args[0], args[1], args[2]);
using var stream = File.OpenRead(assemblyPath);
using var pe = new PEReader(stream);
var metadata = pe.GetMetadataReader();
foreach (var handle in metadata.ManifestResources)
{
    var resource = metadata.GetManifestResource(handle);
    if (metadata.GetString(resource.Name) != resourceName) continue;
    var directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
    var block = pe.GetSectionData(directory.RelativeVirtualAddress);
    var reader = block.GetReader((int)resource.Offset, block.Length - (int)resource.Offset);
    var length = reader.ReadInt32();
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
    File.WriteAllBytes(outputPath, reader.ReadBytes(length));
    return 0;
}
Console.Error.WriteLine($"resource '{resourceName}' not found in {assemblyPath}");
return 1;
