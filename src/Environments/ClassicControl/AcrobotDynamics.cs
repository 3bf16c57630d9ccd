namespace Flock.Environments;

/// <summary>
/// The acrobot's equations of motion (Sutton and Barto's book version, as Gymnasium's <c>_dsdt</c> with
/// <c>book_or_nips = "book"</c>) and the single RK4 step Gymnasium's <c>rk4</c> takes over [0, dt]. Every
/// expression keeps Gymnasium's operation order so the doubles round the same way.
/// </summary>
internal static class AcrobotDynamics
{
    private const double LinkMass1 = 1.0;
    private const double LinkMass2 = 1.0;
    private const double LinkLength1 = 1.0;
    private const double LinkCenterOfMass1 = 0.5;
    private const double LinkCenterOfMass2 = 0.5;
    private const double LinkMomentOfInertia = 1.0;
    private const double Gravity = 9.8;

    /// <summary>(θ1, θ2, θ̇1, θ̇2) or its time derivative.</summary>
    internal readonly record struct Vector(double Theta1, double Theta2, double Velocity1, double Velocity2)
    {
        /// <summary>this + h·d, element by element, as numpy's <c>y0 + dt2 * k1</c>.</summary>
        public Vector Plus(double h, in Vector d) =>
            new(Theta1 + h * d.Theta1, Theta2 + h * d.Theta2, Velocity1 + h * d.Velocity1, Velocity2 + h * d.Velocity2);
    }

    /// <summary>One classic RK4 step of length <paramref name="dt"/> with the torque held constant.</summary>
    public static Vector Integrate(in Vector y0, double torque, double dt)
    {
        // Gymnasium integrates the state augmented with the torque, whose derivative is 0, so the torque stays
        // exactly the same through all four stages.
        var halfStep = dt / 2.0;
        var k1 = Derivatives(y0, torque);
        var k2 = Derivatives(y0.Plus(halfStep, k1), torque);
        var k3 = Derivatives(y0.Plus(halfStep, k2), torque);
        var k4 = Derivatives(y0.Plus(dt, k3), torque);
        var sixth = dt / 6.0;
        return new Vector(
            y0.Theta1 + sixth * (k1.Theta1 + 2 * k2.Theta1 + 2 * k3.Theta1 + k4.Theta1),
            y0.Theta2 + sixth * (k1.Theta2 + 2 * k2.Theta2 + 2 * k3.Theta2 + k4.Theta2),
            y0.Velocity1 + sixth * (k1.Velocity1 + 2 * k2.Velocity1 + 2 * k3.Velocity1 + k4.Velocity1),
            y0.Velocity2 + sixth * (k1.Velocity2 + 2 * k2.Velocity2 + 2 * k3.Velocity2 + k4.Velocity2));
    }

    /// <summary>The time derivative of the state under torque <paramref name="a"/> ("book" dynamics).</summary>
    public static Vector Derivatives(in Vector s, double a)
    {
        const double M1 = LinkMass1;
        const double M2 = LinkMass2;
        const double L1 = LinkLength1;
        const double Lc1 = LinkCenterOfMass1;
        const double Lc2 = LinkCenterOfMass2;
        const double I1 = LinkMomentOfInertia;
        const double I2 = LinkMomentOfInertia;
        const double G = Gravity;

        var theta1 = s.Theta1;
        var theta2 = s.Theta2;
        var dtheta1 = s.Velocity1;
        var dtheta2 = s.Velocity2;
        var (sinTheta2, cosTheta2) = Math.SinCos(theta2);

        var d1 = M1 * (Lc1 * Lc1) + M2 * (L1 * L1 + Lc2 * Lc2 + 2 * L1 * Lc2 * cosTheta2) + I1 + I2;
        var d2 = M2 * (Lc2 * Lc2 + L1 * Lc2 * cosTheta2) + I2;
        var phi2 = M2 * Lc2 * G * Math.Cos(theta1 + theta2 - Math.PI / 2.0);
        var phi1 = -M2 * L1 * Lc2 * (dtheta2 * dtheta2) * sinTheta2
            - 2 * M2 * L1 * Lc2 * dtheta2 * dtheta1 * sinTheta2
            + (M1 * Lc1 + M2 * L1) * G * Math.Cos(theta1 - Math.PI / 2)
            + phi2;
        var ddtheta2 = (a + d2 / d1 * phi1 - M2 * L1 * Lc2 * (dtheta1 * dtheta1) * sinTheta2 - phi2)
            / (M2 * (Lc2 * Lc2) + I2 - d2 * d2 / d1);
        var ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        return new Vector(dtheta1, dtheta2, ddtheta1, ddtheta2);
    }
}
