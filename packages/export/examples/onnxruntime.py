# Predict with a typeflow model exported to ONNX: pip install onnxruntime numpy
import json

import numpy as np
import onnxruntime as ort

session = ort.InferenceSession("fonts.onnx")
class_names = json.loads(session.get_modelmeta().custom_metadata_map["classNames"])

images = np.load("data_with_labels.npz")["arr_0"]  # uint8 [N, 36, 36], 255 = ink, as typeflow trains
pixels = images[:10].reshape(-1, 36 * 36).astype(np.float32) / 255
(probabilities,) = session.run(["probabilities"], {"input": pixels})
print([class_names[i] for i in probabilities.argmax(axis=1)])
