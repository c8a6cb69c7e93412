// The `inferbench` Python module: include/inferbench/annotate.hpp for Python pipelines, plus CvCudaPerf with
// the signature of CV-CUDA's perf_utils.CvCudaPerf, so a sample annotated for it changes its import line only:
//   from perf_utils import CvCudaPerf  ->  from inferbench import CvCudaPerf
// Errors: a nesting or input error raises ValueError, an unavailable feature (a CUDA stream in a build
// without CUDA) RuntimeError; the message is the library's one sentence.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <optional>
#include <string>

#include "inferbench/annotate.hpp"
#include "inferbench/errors.hpp"

namespace py = pybind11;

namespace {

using ib::annotate::Profiler;
using ib::annotate::ProfilerOptions;

// A cudaStream_t from Python: None (no device time) or an int handle (torch.cuda.Stream.cuda_stream, 0 for
// the legacy default stream).
std::optional<void*> stream_from(const py::object& stream) {
  if (stream.is_none()) return std::nullopt;
  return reinterpret_cast<void*>(stream.cast<std::uintptr_t>());
}

Profiler make_profiler(const std::string& name, bool enabled, std::int64_t warmup_batches,
                       const std::optional<std::string>& output_dir, const py::object& cuda_stream, bool nvtx) {
  ProfilerOptions options;
  options.name = name;
  options.enabled = enabled;
  options.warmup_batches = warmup_batches;
  if (output_dir) options.output_dir = *output_dir;
  options.cuda_stream = stream_from(cuda_stream);
  options.nvtx = nvtx;
  return Profiler(std::move(options));
}

// `with profiler.range("decode"):` and `with profiler.batch("batch", i, n) as b:`; the profiler is kept alive
// by the range (py::keep_alive below).
class PyRange {
 public:
  PyRange(Profiler& profiler, std::string name, std::int64_t batch_idx, std::int64_t total_items)
      : profiler_(profiler), name_(std::move(name)), batch_idx_(batch_idx), total_items_(total_items) {}
  PyRange& enter() {
    if (batch_idx_ >= 0) {
      profiler_.push_range(name_, batch_idx_);
    } else {
      profiler_.push_range(name_);
    }
    return *this;
  }
  void exit() {
    if (batch_idx_ >= 0) {
      profiler_.pop_range(total_items_);
    } else {
      profiler_.pop_range();
    }
  }
  void set_total_items(std::int64_t total_items) { total_items_ = total_items; }

 private:
  Profiler& profiler_;
  std::string name_;
  std::int64_t batch_idx_;
  std::int64_t total_items_;
};

// Its own Python type (pybind11 binds a C++ type once), the same profiler underneath.
class CvCudaPerf : public Profiler {
 public:
  explicit CvCudaPerf(Profiler&& profiler) : Profiler(std::move(profiler)) {}
};

void push(Profiler& profiler, const std::string& name, const std::optional<std::int64_t>& batch_idx) {
  if (batch_idx) {
    profiler.push_range(name, *batch_idx);
  } else {
    profiler.push_range(name);
  }
}

void pop(Profiler& profiler, const std::optional<std::int64_t>& total_items) {
  if (total_items) {
    profiler.pop_range(*total_items);
  } else {
    profiler.pop_range();
  }
}

py::object finalize_as_dict(Profiler& profiler) {
  if (!profiler.enabled()) return py::dict();
  const std::string text = profiler.json();
  profiler.finalize();
  return py::module_::import("json").attr("loads")(text);
}

void bind_profiler(py::module_& m) {
  py::class_<PyRange>(m, "Range", "A range opened by `with`; closed when the block ends")
      .def("__enter__", &PyRange::enter, py::return_value_policy::reference_internal)
      .def("__exit__", [](PyRange& range, const py::args&) { range.exit(); })
      .def("set_total_items", &PyRange::set_total_items, py::arg("total_items"));
  py::class_<Profiler>(m, "Profiler", "Ranges and batches of one pipeline; finalize() writes benchmark.json")
      .def(py::init(&make_profiler), py::arg("name") = "pipeline", py::arg("enabled") = true,
           py::arg("warmup_batches") = 1, py::arg("output_dir") = py::none(), py::arg("cuda_stream") = py::none(),
           py::arg("nvtx") = true)
      .def("push_range", &push, py::arg("name"), py::arg("batch_idx") = py::none())
      .def("pop_range", &pop, py::arg("total_items") = py::none())
      .def("discard_range", &Profiler::discard_range)
      .def(
          "range", [](Profiler& p, const std::string& name) { return PyRange(p, name, -1, -1); }, py::arg("name"),
          py::keep_alive<0, 1>())
      .def(
          "batch",
          [](Profiler& p, const std::string& name, std::int64_t batch_idx, std::int64_t total_items) {
            if (batch_idx < 0) throw ib::core::InputError("batch(): batch_idx must be 0 or more");
            return PyRange(p, name, batch_idx, total_items);
          },
          py::arg("name"), py::arg("batch_idx"), py::arg("total_items") = 0, py::keep_alive<0, 1>())
      .def("json", &Profiler::json)
      .def("finalize", [](Profiler& p) { return p.finalize().string(); })
      .def_property_readonly("enabled", &Profiler::enabled)
      .def_property_readonly("depth", &Profiler::depth)
      .def_property_readonly("output_dir", [](const Profiler& p) { return p.output_dir().string(); });
}

// CV-CUDA's CvCudaPerf(obj_name, default_args): output_dir from default_args.output_dir when it has one.
// NVTX colour, domain and category are accepted and ignored; finalize() returns the file's content as a dict.
void bind_cvcuda_compat(py::module_& m) {
  py::class_<CvCudaPerf> compat(m, "CvCudaPerf", "Drop-in for CV-CUDA's perf_utils.CvCudaPerf");
  compat.def(py::init([](const std::string& obj_name, const py::object& default_args) {
               std::optional<std::string> output_dir;
               if (!default_args.is_none() && py::hasattr(default_args, "output_dir"))
                 output_dir = py::str(default_args.attr("output_dir")).cast<std::string>();
               return CvCudaPerf(make_profiler(obj_name, true, 1, output_dir, py::none(), true));
             }),
             py::arg("obj_name"), py::arg("default_args") = py::none());
  compat.def(
      "push_range",
      [](CvCudaPerf& p, const std::string& message, const py::object&, const py::object&, const py::object&,
         const std::optional<std::int64_t>& batch_idx) { push(p, message, batch_idx); },
      py::arg("message"), py::arg("color") = "blue", py::arg("domain") = py::none(),
      py::arg("category") = py::none(), py::arg("batch_idx") = py::none());
  compat.def(
      "pop_range",
      [](CvCudaPerf& p, const py::object&, const std::optional<std::int64_t>& total_items, bool delete_range) {
        if (delete_range) {
          p.discard_range();
        } else {
          pop(p, total_items);
        }
      },
      py::arg("domain") = py::none(), py::arg("total_items") = py::none(), py::arg("delete_range") = false);
  compat.def("finalize", [](CvCudaPerf& p) { return finalize_as_dict(p); });
}

}  // namespace

PYBIND11_MODULE(inferbench, m) {
  m.doc() = "inferbench: range and batch timing for pipelines (docs/pipelines.md)";
  py::register_exception_translator([](std::exception_ptr error) {
    try {
      if (error) std::rethrow_exception(error);
    } catch (const ib::core::InputError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const ib::core::Error& e) {
      PyErr_SetString(PyExc_RuntimeError, e.what());
    }
  });
  bind_profiler(m);
  bind_cvcuda_compat(m);
}
