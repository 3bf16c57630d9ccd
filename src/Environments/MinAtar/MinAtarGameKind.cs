namespace Flock.Environments;

/// <summary>The five MinAtar games (Young and Tian 2019), named as MinAtar names their modules.</summary>
public enum MinAtarGameKind
{
    Breakout,
    Freeway,
    Asterix,
    Seaquest,
    SpaceInvaders,
}
