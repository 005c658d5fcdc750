namespace S3Consumer.Tool.Ddl;

/// <summary>How the values of a partition column are known without listing the bucket (Athena's partition projection).</summary>
internal enum PartitionProjection
{
    /// <summary>Any text (a field of the message): each query names the values it reads.</summary>
    Injected,

    /// <summary>One value, written in the template.</summary>
    Constant,

    /// <summary><c>time.date</c>: a day, <c>yyyy-MM-dd</c>.</summary>
    Date,

    /// <summary><c>time.year</c>.</summary>
    Year,

    /// <summary><c>time.month</c>, two digits.</summary>
    Month,

    /// <summary><c>time.day</c>, two digits.</summary>
    Day,

    /// <summary><c>time.hour</c>, two digits.</summary>
    Hour,
}
