# The one floating type every kernel is written for: float32 or float64.
ctypedef fused real:
    float
    double
