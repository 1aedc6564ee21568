"""A two-rank job in which rank 1 fails; run by test_failure.py under mpiexec.

    mpiexec -n 2 python _failing_rank.py {kill,raise,stall}
"""
import os
import signal
import sys
import time

import minigrad
import minigrad.distributed as dist

mode = sys.argv[1]
dist.init_process_group("mpi", timeout=float(sys.argv[2]))
dist.barrier()
if dist.get_rank() == 1:
    if mode == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif mode == "raise":
        raise ValueError("rank 1 fails on purpose")
    else:
        time.sleep(120)  # never joins the collective
dist.all_reduce(minigrad.ones(3))
print("rank 0 finished the allreduce", flush=True)
