/**
 * Every TeX construct the templates use, one sample each, as the lecture
 * writes them: the visual test page and the tests both walk this list.
 */
export interface MathSample {
  name: string;
  tex: string;
  display: boolean;
}

export const MATH_SAMPLES: readonly MathSample[] = [
  {
    name: 'matrices (bmatrix 2×2, 2×3, 3×2)',
    tex: String.raw`\mathbf{U} = \begin{bmatrix} 2 & 0 \\ 1 & 2 \end{bmatrix} \quad \mathbf{W} = \begin{bmatrix} 2 & 0 & -1 \\ 1 & -1 & 1 \end{bmatrix} \quad \mathbf{V} = \begin{bmatrix} 1 & 0 \\ -1 & 1 \\ 0 & 3 \end{bmatrix}`,
    display: true,
  },
  {
    name: 'column vectors, superscript (t)',
    tex: String.raw`\mathbf{h}^{(0)} = \begin{bmatrix} 1 \\ -1 \end{bmatrix} \quad \mathbf{x}^{(1)} = \begin{bmatrix} 1 \\ 0 \\ 0 \end{bmatrix} \quad \mathbf{x}^{(2)} = \begin{bmatrix} 0 \\ 0 \\ 1 \end{bmatrix}`,
    display: true,
  },
  { name: 'tanh, sigma, subscripts', tex: String.raw`h_{t} = \tanh(U h_{t-1} + W x_{t} + b), \quad f_{t} = \sigma(W_f x_{t} + U_f h_{t-1} + b_f)`, display: true },
  { name: 'softmax, operatorname', tex: String.raw`\mathbf{o}^{(t)} = \operatorname{softmax}(\mathbf{V}\mathbf{h}^{(t)})`, display: true },
  { name: 'Hadamard, tilde, cdot', tex: String.raw`C_{t} = f_{t} \odot C_{t-1} + i_{t} \odot \tilde{C}_{t}, \quad y = 2 \cdot 3`, display: true },
  { name: 'fractions', tex: String.raw`\sigma(z) = \frac{1}{1 + e^{-z}}, \quad h = \frac{3}{4} - \frac{1}{2}`, display: true },
  { name: 'transpose, \\left[ \\right], \\text, \\ ', tex: String.raw`h_{1} = \left[ 2,\ -1 \right]^{\top} \text{ and } W^{\top} x`, display: false },
  { name: 'argmax', tex: String.raw`\hat{y} = \arg\max_i o_i`, display: false },
  { name: 'fractions in a matrix', tex: String.raw`P = \begin{bmatrix} \frac{1}{2} & -\frac{3}{4} \\ 0 & 1 \end{bmatrix}`, display: true },
  {
    name: 'a long worked step (breaks at =)',
    tex: String.raw`p_{f,1} = W_f x_{1} + U_f h_{0} + b_f = \begin{bmatrix} 2 & 0 & -1 \\ 1 & -1 & 1 \end{bmatrix} \begin{bmatrix} 1 \\ 0 \\ 0 \end{bmatrix} + \begin{bmatrix} 2 & 0 \\ 1 & 2 \end{bmatrix} \begin{bmatrix} 1 \\ -1 \end{bmatrix} + \begin{bmatrix} 0 \\ 1 \end{bmatrix} = \left[ 4,\ 1 \right]^{\top} = \left[ 4,\ 1 \right]^{\top}`,
    display: true,
  },
  {
    name: 'a key step (inline vectors, 4 decimals)',
    tex: String.raw`f_{1} = \sigma(p_{f,1}) = \sigma(\left[ 2,\ 24 \right]^{\top}) = \left[ 0.8808,\ 1.0000 \right]^{\top}`,
    display: true,
  },
];
