/**
 * Data for training: image datasets as float NCHW tensors, the readers for the files they come in, and the
 * pieces between a dataset and a training step (normalisation, augmentation, batches).
 *
 * <p>Where the data comes from:
 * <ul>
 *   <li>{@link resnetlab.data.ProceduralShapes}: ten classes of shapes and textures drawn from a seed, RGB,
 *       any size from 8 px; needs no files.</li>
 *   <li>Fashion-MNIST (Zalando, MIT licence): a class-balanced subset of 10,000 train / 2,000 test images
 *       ships in {@code assets/datasets/fashion-mnist/} and is read from the classpath; it was made by
 *       {@link resnetlab.data.FashionMnistSubset}. A folder with the full set can be named instead.</li>
 *   <li>MNIST and Fashion-MNIST IDX files ({@link resnetlab.data.IdxReader}) and CIFAR-10 binary batches
 *       ({@link resnetlab.data.Cifar10Reader}) from a folder the user names.</li>
 * </ul>
 *
 * <p>Files are read as unsigned bytes ({@link resnetlab.data.ByteImages}); only the selected subset is
 * turned into floats in [0, 1] ({@link resnetlab.data.Dataset}), so a 50,000-image CIFAR-10 folder does
 * not cost 600 MB of floats when a lesson wants 5,000 images.
 *
 * <p>The usual path: {@link resnetlab.data.Datasets#load(DataSpec)} gives a {@link resnetlab.data.DataSplit};
 * {@link resnetlab.data.DataSplit#normalized()} applies the training set's per-channel mean and std to both
 * halves; {@link resnetlab.data.Batches} deals shuffled, optionally augmented batches into one reused tensor.
 * Everything random takes a seed, and the same seed gives the same images, subsets and batch order.
 *
 * <p>Bad files raise {@link resnetlab.data.DatasetException} with a message that names the file and the
 * problem. No JavaFX, no standard output.
 */
package resnetlab.data;
