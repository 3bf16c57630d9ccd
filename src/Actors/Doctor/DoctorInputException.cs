namespace Flock.Actors.Doctor;

/// <summary>A run directory the doctor cannot read (missing, no metrics or configuration, a malformed file); names the problem. Bad usage: exit 2.</summary>
public sealed class DoctorInputException(string message) : Exception(message);
