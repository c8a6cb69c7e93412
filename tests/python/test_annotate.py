"""The inferbench Python module (python/module.cpp), run by ctest with Debian's /usr/bin/python3.

Known sleeps inside nested ranges and batches; tolerances as in tests/unit/annotate/profiler_test.cpp: a
sleep lasts at least what was asked (exact lower bounds), upper bounds allow 40 ms of scheduling delay.
"""
import json
import os
import tempfile
import time
import types
import unittest

import inferbench

SLACK_MS = 40.0


def sleep_ms(ms):
    time.sleep(ms / 1000.0)


class ProfilerTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="ib_py_annotate_")
        for name in ("INFERBENCH_OUTPUT_DIR", "INFERBENCH_WARMUP_BATCHES"):
            os.environ.pop(name, None)

    def read(self):
        with open(os.path.join(self.dir, "benchmark.json")) as f:
            return json.load(f)

    def test_nesting_batches_and_warmup(self):
        p = inferbench.Profiler("py", warmup_batches=1, output_dir=self.dir)
        p.push_range("pipeline")
        for i in range(4):
            with p.batch("batch", i, total_items=2):
                with p.range("decode"):
                    sleep_ms(2)
                p.push_range("infer")
                self.assertEqual(p.depth, 3)
                sleep_ms(3)
                p.pop_range()
        p.pop_range()
        self.assertEqual(p.finalize(), os.path.join(self.dir, "benchmark.json"))
        out = self.read()
        pipeline = out["data"]["py"]["pipeline"]
        for i in range(4):
            batch = pipeline["batch_%d" % i]
            self.assertGreaterEqual(batch["decode"]["cpu_time"], 2.0)
            self.assertLess(batch["decode"]["cpu_time"], 2.0 + SLACK_MS)
            self.assertGreaterEqual(batch["infer"]["cpu_time"], 3.0)
            self.assertGreaterEqual(batch["cpu_time"], batch["decode"]["cpu_time"] + batch["infer"]["cpu_time"])
            self.assertEqual(batch["total_items"], 2)
        warm = pipeline["batch_0"]["cpu_time"] + pipeline["batch_3"]["cpu_time"]
        self.assertAlmostEqual(pipeline["cpu_time_minus_warmup"], pipeline["cpu_time"] - warm, places=9)
        self.assertEqual(pipeline["total_items_minus_warmup"], 4)
        self.assertEqual(out["meta"]["total_batches"], {"py/pipeline": 4})
        ranges = out["inferbench"]["levels"]["py/pipeline"]["ranges"]
        self.assertEqual(len(ranges["batch/decode"]["cpu_time_ms"]), 4)
        self.assertEqual(ranges["batch/decode"]["stats_minus_warmup"]["cpu_time_ms"]["count"], 2)

    def test_errors_are_value_errors(self):
        p = inferbench.Profiler("py", output_dir=self.dir)
        with self.assertRaisesRegex(ValueError, "without an open range"):
            p.pop_range()
        p.push_range("stage")
        with self.assertRaisesRegex(ValueError, "'stage'"):
            p.pop_range(total_items=3)
        with self.assertRaisesRegex(ValueError, "still open"):
            p.finalize()

    def test_output_dir_from_the_launchers_environment(self):
        os.environ["INFERBENCH_OUTPUT_DIR"] = self.dir
        try:
            p = inferbench.Profiler("py", output_dir="/nonexistent")
            with p.batch("batch", 0, 1):
                pass
            self.assertEqual(p.finalize(), os.path.join(self.dir, "benchmark.json"))
        finally:
            del os.environ["INFERBENCH_OUTPUT_DIR"]
        self.assertEqual(self.read()["data"]["py"]["total_items"], 1)

    def test_disabled_profiler_writes_nothing(self):
        p = inferbench.Profiler("py", enabled=False, output_dir=self.dir)
        p.push_range("x")
        p.pop_range(total_items=5)
        self.assertFalse(p.enabled)
        self.assertEqual(p.finalize(), "")
        self.assertFalse(os.path.exists(os.path.join(self.dir, "benchmark.json")))

    def test_cvcuda_perf_signature(self):
        # What a CV-CUDA sample does with perf_utils.CvCudaPerf, unchanged but for the import.
        args = types.SimpleNamespace(output_dir=self.dir, device_id=0)
        perf = inferbench.CvCudaPerf("sample", default_args=args)
        perf.push_range("run_sample")
        for i in range(3):
            perf.push_range("batch", batch_idx=i)
            perf.push_range("preprocess", color="red")
            sleep_ms(1)
            perf.pop_range()
            perf.push_range("broken")
            perf.pop_range(delete_range=True)
            perf.pop_range(total_items=8)
        perf.pop_range()
        out = perf.finalize()
        self.assertEqual(out, self.read())
        run = out["data"]["sample"]["run_sample"]
        self.assertEqual(run["total_items"], 24)
        self.assertNotIn("broken", run["batch_1"])
        self.assertGreaterEqual(run["batch_1"]["preprocess"]["cpu_time"], 1.0)
        self.assertIn("sample/run_sample", out["mean_data"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
